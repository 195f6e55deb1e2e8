using Mgmt.Platform.Native;

namespace Mgmt.Platform.Processes;

/// <summary>
/// Undoes an ignored SIGINT inherited at start-up. A shell without job control starts background commands with
/// SIGINT ignored (<c>mgmt run ... &amp;</c> in a script), and the .NET runtime leaves an ignored SIGINT ignored, so
/// such an agent could not be stopped with ^C or <c>kill -INT</c>. Like the reference, mgmt wants SIGINT whatever it
/// inherited: the default disposition is restored before the runtime installs its handlers, which then deliver the
/// signal to the agent. A handler installed on purpose is left alone.
/// </summary>
public static class InheritedSignals
{
    /// <summary>
    /// Restores the default SIGINT disposition if it was inherited as ignored; returns true if it did. Call it first
    /// thing in <c>Main</c>, before anything registers a signal handler.
    /// </summary>
    public static unsafe bool RestoreInterrupt()
    {
        if (!OperatingSystem.IsLinux()) return false;
        // Larger than struct sigaction on every Linux ABI.
        var current = stackalloc byte[256];
        if (LibC.sigaction(Signals.Int, null, current) != 0 || *(nint*)current != LibC.SigIgn) return false;
        LibC.signal(Signals.Int, LibC.SigDfl);
        return true;
    }
}
