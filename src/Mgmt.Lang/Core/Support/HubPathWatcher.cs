using System.Threading.Channels;
using Mgmt.Lang.Functions;
using Mgmt.Platform.Watching;

namespace Mgmt.Lang.Core.Support;

/// <summary>A path watch on the host's shared inotify hub: one kernel instance for the whole process.</summary>
internal sealed class HubPathWatcher : IPathWatcher
{
    private readonly Channel<bool> _signal =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IDisposable _subscription;
    private Exception? _failure;

    public HubPathWatcher(InotifyHub hub, string path)
    {
        FullPath = Path.GetFullPath(path);
        try
        {
            // The hub calls back on its reader thread: only signal here, never block. (PosixException is an IOException.)
            _subscription = hub.Subscribe(FullPath, WatchDepth.Entry, Signal, OnError);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new FunctionException($"cannot watch {FullPath}: {e.Message}");
        }
    }

    public string FullPath { get; }

    public async Task WaitAsync(CancellationToken cancel)
    {
        await _signal.Reader.ReadAsync(cancel).ConfigureAwait(false);
        if (_failure is { } failure) throw new FunctionException($"stopped watching {FullPath}: {failure.Message}");
    }

    private void Signal() => _signal.Writer.TryWrite(true);

    private void OnError(Exception e)
    {
        _failure = e;
        Signal();
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _signal.Writer.TryComplete();
    }
}
