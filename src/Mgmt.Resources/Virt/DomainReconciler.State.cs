using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources;

// The run state: running, paused or shut off, from whatever state the domain is in. A transient domain that stops
// no longer exists, so bringing it back means creating it again from the generated XML.
internal sealed partial class DomainReconciler
{
    /// <summary>How long a guest gets to shut down when asked (for a restart) before the check fails.</summary>
    internal static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How often the state is read while waiting for a shutdown, in case an event is missed.</summary>
    private static readonly TimeSpan ShutdownPoll = TimeSpan.FromSeconds(5);

    /// <summary>Brings the run state to the wanted one; true when it changed something.</summary>
    private bool FixState(ref LibvirtDomain? domain)
    {
        if (_r.State.Length == 0 || domain is null) return false;
        var state = CurrentState(domain);
        if (state is null) return false; // a transient domain vanished meanwhile; the next check recreates it
        if (_r.State == "shutoff")
        {
            if (state is DomainState.Shutoff or DomainState.NoState or DomainState.ShuttingDown) return false;
            if (!Differs("destroy the domain (stop it)")) return false;
            var transient = !domain.IsPersistent();
            domain.Destroy();
            Done(transient ? "domain destroyed (transient, so it is gone)" : "domain destroyed (stopped)");
            if (transient)
            {
                domain.Dispose();
                domain = null;
            }
            return true;
        }
        var paused = _r.State == "paused";
        switch (state)
        {
            case DomainState.Running or DomainState.Blocked:
                if (!paused || !Differs("pause the domain")) return false;
                domain.Suspend();
                Done("domain paused");
                return true;
            case DomainState.Paused:
                if (paused || !Differs("resume the domain")) return false;
                domain.Resume();
                Done("domain resumed");
                return true;
            case DomainState.PMSuspended:
                throw new InvalidOperationException(
                    $"domain '{_r.Name}' was suspended by its own guest (pmsuspended): wake it from the guest side or destroy it; mgmt does not resume it");
            case DomainState.ShuttingDown:
                if (!Differs("start the domain once it has finished shutting down")) return false;
                WaitUntilStopped(domain);
                Boot(ref domain);
                return true;
            case DomainState.Crashed:
                if (!Differs("destroy the crashed domain and start it again")) return false;
                domain.Destroy();
                Done("crashed domain destroyed");
                Boot(ref domain);
                return true;
            default:
                if (!Differs(paused ? "start the domain paused" : "start the domain")) return false;
                Boot(ref domain);
                return true;
        }
    }

    /// <summary>Starts a stopped domain in the wanted state; a transient one that vanished is created again.</summary>
    private void Boot(ref LibvirtDomain? domain)
    {
        domain?.Dispose();
        domain = connection.LookupDomain(_r.Name);
        if (domain is null)
        {
            domain = Create();
            return;
        }
        if (_r.State == "paused")
        {
            StartPaused(domain);
            Done("domain started paused");
        }
        else
        {
            domain.Start();
            Done("domain started");
        }
    }

    /// <summary>
    /// Shuts the domain down gracefully and waits until it is off, so hardware that only changes while it is off can
    /// be changed; then brings it back: a persistent domain gets its definition fixed (and is started by the state
    /// step), a transient one is created again from the generated XML.
    /// </summary>
    private LibvirtDomain Restart(LibvirtDomain domain)
    {
        var transient = !domain.IsPersistent();
        if (domain.IsActive())
        {
            domain.Shutdown();
            Done("domain asked to shut down (restart)");
            WaitUntilStopped(domain);
            Done("domain shut down");
        }
        if (transient)
        {
            domain.Dispose();
            return connection.LookupDomain(_r.Name) ?? Create();
        }
        FixHardware(domain);
        return domain;
    }

    /// <summary>Waits for the stop (its lifecycle event, or a state read every few seconds), up to <see cref="ShutdownTimeout"/>.</summary>
    private void WaitUntilStopped(LibvirtDomain domain)
    {
        using var signal = new SemaphoreSlim(0);
        using var subscription = connection.Subscribe(_r.Name, _ => signal.Release());
        using var deadline = new CancellationTokenSource(ShutdownTimeout, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadline.Token);
        while (CurrentState(domain) is { } state && state is not (DomainState.Shutoff or DomainState.NoState))
        {
            try
            {
                signal.Wait(ShutdownPoll, wait.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancel.IsCancellationRequested)
            {
                throw new IOException(
                    $"domain '{_r.Name}' did not shut down within {ShutdownTimeout.TotalMinutes:0} minutes: check that its guest reacts to an ACPI shutdown, or stop it by hand");
            }
        }
    }

    /// <summary>The domain's run state, or null when it no longer exists (a transient domain that stopped).</summary>
    private static DomainState? CurrentState(LibvirtDomain domain)
    {
        try
        {
            return domain.GetInfo().State;
        }
        catch (LibvirtException e) when (e.IsNoDomain)
        {
            return null;
        }
    }
}
