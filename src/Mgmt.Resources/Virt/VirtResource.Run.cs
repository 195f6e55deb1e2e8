using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources;

// The resource's life cycle: the pooled connection (shared with every virt of the URI), the watch on the domain's
// lifecycle events, and CheckApply, which hands the blocking libvirt work to a DomainReconciler on its own thread.
public sealed partial class VirtResource
{
    private readonly SemaphoreSlim _connectionGate = new(1, 1);
    private LibvirtLease? _lease;

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        // A machine without libvirt fails this resource here, with the package to install; the rest runs on.
        LibvirtRuntime.EnsureStarted();
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        var connection = await ConnectionAsync(cancel).ConfigureAwait(false);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Every lifecycle event of the domain may be drift (someone stopped, paused or undefined it), and the
        // guest agent coming up is the moment its online vCPUs can be set: all of them are events. The handler runs
        // on libvirt's event thread, so it only signals.
        using var subscription = connection.Subscribe(Name, e =>
        {
            if (e.Kind == DomainEventKind.ConnectionLost)
            {
                lost.TrySetResult();
                return;
            }
            VirtLog.Event(Context.Logger, e.Kind.ToString(), e.Detail);
            Context.Event();
        });
        Context.Running();
        try
        {
            await lost.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return;
        }
        throw new IOException($"the connection to {connection} was lost (did the libvirt daemon stop?); it is reopened when the watch restarts");
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var connection = await ConnectionAsync(cancel).ConfigureAwait(false);
        var reconciler = new DomainReconciler(this, connection, Context.Logger, Context.Time, apply, Context.Refresh, cancel);
        var outcome = await LibvirtWork.RunAsync(reconciler.Run, cancel).ConfigureAwait(false);
        if (apply)
        {
            Context.Send(new Dictionary<string, Value>
            {
                ["state"] = Value.Str(outcome.State),
                ["cpus"] = Value.Int(outcome.Cpus),
                ["memory"] = Value.Int(outcome.MemoryKiB),
            });
        }
        return outcome.CheckOk;
    }

    public override Task CleanupAsync()
    {
        _lease?.Dispose();
        _lease = null;
        return Task.CompletedTask;
    }

    /// <summary>The connection to <see cref="Uri"/>, from the host's pool; a lost one is replaced.</summary>
    private async Task<LibvirtConnection> ConnectionAsync(CancellationToken cancel)
    {
        await _connectionGate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (_lease is { Connection.IsLost: false }) return _lease.Connection;
            _lease?.Dispose();
            _lease = null;
            var pool = Context.Services.GetService(typeof(LibvirtConnectionPool)) as LibvirtConnectionPool ?? LibvirtConnectionPool.Shared;
            _lease = await pool.AcquireAsync(Uri, Credentials, cancel).ConfigureAwait(false);
            VirtLog.Connected(Context.Logger, _lease.Connection.ToString(), VersionText(_lease.Connection.LibraryVersion));
            return _lease.Connection;
        }
        finally
        {
            _connectionGate.Release();
        }
    }

    private static string VersionText(ulong v) => $"{v / 1_000_000}.{v / 1000 % 1000}.{v % 1000}";
}
