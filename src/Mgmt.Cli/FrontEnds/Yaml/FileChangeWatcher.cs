using System.Threading.Channels;
using Mgmt.Platform.Watching;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Tells when one file may have changed: written, replaced by a rename (as editors save), deleted or re-created.
/// A file renamed into place or closed after writing is complete, and <see cref="WaitAsync"/> returns at once.
/// Other changes (a write without a close yet, a deletion, a creation) are debounced: it returns once the file has
/// been quiet for a short while, because the writer may not be done (a close or a rename that follows ends the
/// wait at once). It watches the file's directory, so the file may be briefly absent without losing the watch.
/// </summary>
internal sealed class FileChangeWatcher : IDisposable
{
    private readonly DirectoryEntryWatcher _watcher;

    // One signal per event for our file: true when the file is complete (closed after writing, renamed into place).
    private readonly Channel<bool> _signals = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });

    private readonly TimeProvider _time;
    private readonly TimeSpan _quiet;
    private readonly string _name;

    /// <exception cref="IOException">The directory does not exist or cannot be watched.</exception>
    public FileChangeWatcher(string path, TimeProvider time, TimeSpan quiet)
    {
        _time = time;
        _quiet = quiet;
        var full = Path.GetFullPath(path);
        _name = Path.GetFileName(full);
        _watcher = new DirectoryEntryWatcher(Path.GetDirectoryName(full)!, OnChange);
    }

    /// <summary>
    /// Waits for a change; returns at once when the file is complete, else once it has stayed quiet for the
    /// debounce interval.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancel)
    {
        var complete = await _signals.Reader.ReadAsync(cancel).ConfigureAwait(false);
        while (true)
        {
            while (_signals.Reader.TryRead(out var more)) complete |= more;
            if (complete) return;
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var delay = Task.Delay(_quiet, _time, quiet.Token);
            var next = _signals.Reader.WaitToReadAsync(quiet.Token).AsTask();
            var first = await Task.WhenAny(delay, next).ConfigureAwait(false);
            quiet.Cancel();
            cancel.ThrowIfCancellationRequested();
            if (first == delay) return;
        }
    }

    public void Dispose() => _watcher.Dispose();

    private void OnChange(string? entry, EntryChange change)
    {
        // Lost events may have been ours: report a change (debounced); a spurious reload is harmless.
        if (change == EntryChange.Lost) _signals.Writer.TryWrite(false);
        else if (string.Equals(entry, _name, StringComparison.Ordinal)) _signals.Writer.TryWrite(change is EntryChange.Closed or EntryChange.MovedIn);
    }
}
