using System.Threading.Channels;
using Mgmt.Platform.Watching;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// Tells when a program's sources may have changed: any of a set of files written, replaced (as editors save),
/// deleted or created, through the agent's shared inotify hub. Files that do not exist yet are watched too (a
/// <c>metadata.yaml</c> that appears changes the program). Changes are debounced: <see cref="WaitAsync"/> returns
/// once the files have been quiet for a short while, because editors write in several steps.
/// </summary>
internal sealed class SourceWatcher : IDisposable
{
    private readonly InotifyHub _hub;
    private readonly TimeProvider _time;
    private readonly TimeSpan _quiet;
    private readonly Dictionary<string, IDisposable> _watches = new(StringComparer.Ordinal);
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public SourceWatcher(InotifyHub hub, TimeProvider time, TimeSpan quiet)
    {
        _hub = hub;
        _time = time;
        _quiet = quiet;
    }

    /// <summary>
    /// Watches exactly <paramref name="paths"/> (absolute) from now on: new ones are added, the others dropped.
    /// Returns the paths that could not be watched, with the reason.
    /// </summary>
    public IReadOnlyList<(string Path, string Reason)> WatchOnly(IEnumerable<string> paths)
    {
        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        foreach (var gone in _watches.Keys.Where(p => !wanted.Contains(p)).ToList())
        {
            _watches[gone].Dispose();
            _watches.Remove(gone);
        }
        return Add(wanted);
    }

    /// <summary>Watches <paramref name="paths"/> (absolute) too; returns those that could not be watched, with the reason.</summary>
    public IReadOnlyList<(string Path, string Reason)> Add(IEnumerable<string> paths)
    {
        var failed = new List<(string, string)>();
        foreach (var path in paths.Where(p => !_watches.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList())
        {
            try
            {
                _watches[path] = _hub.Subscribe(path, WatchDepth.Entry, Signal, _ => Signal());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                failed.Add((path, e.Message));
            }
        }
        return failed;
    }

    /// <summary>Waits for a change, then for the files to stay quiet for the debounce interval.</summary>
    public async Task WaitAsync(CancellationToken cancel)
    {
        await _signals.Reader.ReadAsync(cancel).ConfigureAwait(false);
        while (true)
        {
            await Task.Delay(_quiet, _time, cancel).ConfigureAwait(false);
            if (!_signals.Reader.TryRead(out _)) return;
        }
    }

    public void Dispose()
    {
        foreach (var watch in _watches.Values) watch.Dispose();
        _watches.Clear();
    }

    // Called on the hub's reader thread: only signal, never block. A lost watch is reported as a change, so the
    // sources are read again (and the watch set renewed) rather than silently no longer followed.
    private void Signal() => _signals.Writer.TryWrite(true);
}
