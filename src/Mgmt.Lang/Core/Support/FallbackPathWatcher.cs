using System.Threading.Channels;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// The path watcher used when the host offers no shared <see cref="Mgmt.Platform.Watching.InotifyHub"/> (tests,
/// embedding): it watches the path's directory through <see cref="FileSystemWatcher"/>; while that directory does
/// not exist it watches the nearest existing ancestor, so a file whose folders appear later is still noticed. A slow
/// safety check re-arms the watch when the watched directory itself is replaced. Each instance costs one inotify
/// instance, which is why the host's hub is preferred.
/// </summary>
internal sealed class FallbackPathWatcher : IPathWatcher
{
    private static readonly TimeSpan SafetyInterval = TimeSpan.FromSeconds(5);

    private readonly string _path;
    private readonly Channel<bool> _signal =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private readonly ITimer _safety;
    private FileSystemWatcher? _watcher;
    private string? _watchedDirectory;
    private bool _disposed;

    public FallbackPathWatcher(string path, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        Arm();
        _safety = time.CreateTimer(_ => CheckWatchedDirectory(), null, SafetyInterval, SafetyInterval);
    }

    /// <summary>The watched path, made absolute.</summary>
    public string FullPath => _path;

    /// <summary>Completes at the next possible change of the path (or at once if one happened since the last wait).</summary>
    public async Task WaitAsync(CancellationToken cancel) =>
        await _signal.Reader.ReadAsync(cancel).ConfigureAwait(false);

    private void Arm()
    {
        lock (_lock)
        {
            if (_disposed) return;
            var target = NearestExistingDirectory(Path.GetDirectoryName(_path) ?? "/");
            if (target == _watchedDirectory && _watcher is not null) return;
            _watcher?.Dispose();
            _watchedDirectory = target;
            try
            {
                var w = new FileSystemWatcher(target)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                        | NotifyFilters.Size | NotifyFilters.Attributes | NotifyFilters.CreationTime,
                    IncludeSubdirectories = false,
                };
                w.Changed += (_, e) => OnEvent(e.FullPath);
                w.Created += (_, e) => OnEvent(e.FullPath);
                w.Deleted += (_, e) => OnEvent(e.FullPath);
                w.Renamed += (_, e) => { OnEvent(e.FullPath); OnEvent(e.OldFullPath); };
                w.Error += (_, _) => { Rearm(); Signal(); };
                w.EnableRaisingEvents = true;
                _watcher = w;
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // The directory vanished between the check and the watch: the safety timer will try again.
                _watcher = null;
            }
        }
    }

    private void OnEvent(string changed)
    {
        if (changed == _path || _path.StartsWith(changed.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            // The file itself, or a directory on its way, changed: a deeper directory may now exist.
            Rearm();
            Signal();
        }
    }

    private void Rearm()
    {
        lock (_lock)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
        Arm();
    }

    private void CheckWatchedDirectory()
    {
        var expected = NearestExistingDirectory(Path.GetDirectoryName(_path) ?? "/");
        bool stale;
        lock (_lock) stale = _watcher is null || expected != _watchedDirectory;
        if (!stale) return;
        Rearm();
        Signal();
    }

    private void Signal() => _signal.Writer.TryWrite(true);

    private static string NearestExistingDirectory(string dir)
    {
        while (!Directory.Exists(dir))
        {
            var parent = Path.GetDirectoryName(dir);
            if (parent is null || parent == dir) return "/";
            dir = parent;
        }
        return dir;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
        }
        _safety.Dispose();
        _signal.Writer.TryComplete();
    }
}
