using System.Threading.Channels;
using Mgmt.Platform.Watching;

namespace Mgmt.Cli.FrontEnds.Puppet;

/// <summary>
/// Tells when the inputs of a compilation may have changed: the manifest (or its directory), the configuration file,
/// and every module directory with everything below it (manifests, templates, files, Hiera data). Watches go through
/// the agent's shared inotify hub; changes are debounced, as editors write in several steps.
/// </summary>
internal sealed class PuppetSourceWatcher : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _quiet;
    private readonly List<IDisposable> _watches = [];
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly InotifyHub _hub;
    private readonly Action<string, string> _cannotWatch;
    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);

    public PuppetSourceWatcher(InotifyHub hub, IEnumerable<string> paths, TimeProvider time, TimeSpan quiet, Action<string, string> cannotWatch)
    {
        _hub = hub;
        _time = time;
        _quiet = quiet;
        _cannotWatch = cannotWatch;
        Add(paths);
    }

    /// <summary>Watches <paramref name="paths"/> too, with everything below them.</summary>
    public void Add(IEnumerable<string> paths)
    {
        foreach (var path in paths.Select(Path.GetFullPath).Where(_watched.Add).ToList())
        {
            try
            {
                _watches.Add(_hub.Subscribe(path, WatchDepth.Recursive, Signal, _ => Signal()));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                _cannotWatch(path, e.Message);
            }
        }
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
        foreach (var w in _watches) w.Dispose();
        _watches.Clear();
    }

    // On the hub's thread: only signal. A lost watch counts as a change, so the sources are compiled again.
    private void Signal() => _signals.Writer.TryWrite(true);
}
