using System.Runtime.InteropServices;
using Mgmt.Platform.Native;

namespace Mgmt.Platform.Network;

/// <summary>
/// Makes a socket inside a named network namespace (<c>ip netns add NAME</c>) while the rest of the process stays
/// where it is: a socket belongs to the namespace it was created in, so a dedicated thread enters the namespace,
/// creates it and goes back. Used by tests to serve a namespace of their own without touching the host's network.
/// </summary>
public static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Runs <paramref name="create"/> inside namespace <paramref name="name"/> and returns what it made.</summary>
    public static T CreateIn<T>(string name, Func<T> create)
    {
        T? made = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                made = Enter(name, create);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = "netns " + name };
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return made!;
    }

    private static T Enter<T>(string name, Func<T> create)
    {
        var home = LibC.open("/proc/thread-self/ns/net", LibC.ORdOnly | LibC.OCloExec, 0);
        if (home < 0) throw PosixException.Last("open", "/proc/thread-self/ns/net");
        try
        {
            var path = "/var/run/netns/" + name;
            var target = LibC.open(path, LibC.ORdOnly | LibC.OCloExec, 0);
            if (target < 0) throw PosixException.Last("open", path);
            try
            {
                if (setns(target, CloneNewNet) != 0) throw PosixException.Last("setns", path);
            }
            finally
            {
                LibC.close(target);
            }
            try
            {
                return create();
            }
            finally
            {
                // The thread goes back before it ends, so it never runs anything else in the wrong namespace.
                if (setns(home, CloneNewNet) != 0) Environment.FailFast("cannot return to the process's network namespace");
            }
        }
        finally
        {
            LibC.close(home);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
