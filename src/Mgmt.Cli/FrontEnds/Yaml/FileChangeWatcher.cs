using System.Threading.Channels;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Tells when one file may have changed: written, replaced by a rename (as editors save), deleted or
/// re-created. Changes are debounced: <see cref="WaitAsync"/> returns once the file has been quiet for a short
/// while, because editors write in several steps. It watches the file's directory, so the file may be
/// briefly absent without losing the watch.
/// </summary>
internal sealed class FileChangeWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly TimeProvider _time;
    private readonly TimeSpan _quiet;

    public FileChangeWatcher(string path, TimeProvider time, TimeSpan quiet)
    {
        _time = time;
        _quiet = quiet;
        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += (_, e) => OnEvent(e.Name, name);
        _watcher.Created += (_, e) => OnEvent(e.Name, name);
        _watcher.Deleted += (_, e) => OnEvent(e.Name, name);
        _watcher.Renamed += (_, e) =>
        {
            OnEvent(e.Name, name);
            OnEvent(e.OldName, name);
        };
        // A lost event (queue overflow) may have been ours: report a change; a spurious reload is harmless.
        _watcher.Error += (_, _) => _signals.Writer.TryWrite(true);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Waits for a change, then for the file to stay quiet for the debounce interval.</summary>
    public async Task WaitAsync(CancellationToken cancel)
    {
        await _signals.Reader.ReadAsync(cancel).ConfigureAwait(false);
        while (true)
        {
            await Task.Delay(_quiet, _time, cancel).ConfigureAwait(false);
            if (!_signals.Reader.TryRead(out _)) return;
        }
    }

    public void Dispose() => _watcher.Dispose();

    private void OnEvent(string? changed, string ours)
    {
        if (string.Equals(changed, ours, StringComparison.Ordinal)) _signals.Writer.TryWrite(true);
    }
}
