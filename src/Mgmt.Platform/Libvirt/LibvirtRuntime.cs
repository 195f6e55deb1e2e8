using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mgmt.Platform.Libvirt;

/// <summary>
/// The process-wide side of libvirt: loading the library, silencing its default error printer, and the one event
/// loop every connection's events are delivered by.
/// </summary>
/// <remarks>
/// libvirt allows one event loop implementation per process, and it must be registered before the first
/// connection is opened (the remote driver hooks its socket and keepalive into it). So the first use of libvirt
/// registers the default implementation and starts a dedicated background thread that runs
/// <c>virEventRunDefaultImpl</c> for the life of the process; callbacks (domain lifecycle events, connection
/// loss) run on that thread.
/// </remarks>
public static class LibvirtRuntime
{
    private static readonly Lock Gate = new();
    private static Exception? _failure;
    private static bool _ready;
    private static Thread? _loop;
    private static long _loopErrors;

    /// <summary>True when <c>libvirt.so.0</c> can be loaded here (it is not loaded otherwise).</summary>
    public static bool IsInstalled
    {
        get
        {
            if (!NativeLibrary.TryLoad(LibvirtNative.Library, typeof(LibvirtRuntime).Assembly, null, out var handle)) return false;
            NativeLibrary.Free(handle);
            return true;
        }
    }

    /// <summary>How many times the event loop reported a failure (for diagnostics and tests).</summary>
    public static long EventLoopErrors => Interlocked.Read(ref _loopErrors);

    /// <summary>
    /// Makes libvirt ready: loads it, installs the silent error handler, registers the default event loop and
    /// starts its thread. Idempotent and thread-safe. Throws <see cref="LibvirtUnavailableException"/> (every time)
    /// when the library is missing or failed to start.
    /// </summary>
    public static void EnsureStarted()
    {
        lock (Gate)
        {
            if (_ready) return;
            if (_failure is not null) throw new LibvirtUnavailableException(_failure.Message);
            try
            {
                Start();
                _ready = true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or LibvirtException)
            {
                _failure = e is LibvirtException ? e : new LibvirtUnavailableException(
                    $"libvirt is not installed ({LibvirtNative.Library} cannot be loaded): install it (on Debian: apt-get install libvirt0)");
                throw new LibvirtUnavailableException(_failure.Message);
            }
        }
    }

    private static unsafe void Start()
    {
        if (!IsInstalled) throw new DllNotFoundException(LibvirtNative.Library);
        if (LibvirtNative.virInitialize() < 0) throw new LibvirtUnavailableException("libvirt failed to initialize (virInitialize)");
        // Without a handler libvirt prints every error on stderr; mgmt reports them itself, with context.
        LibvirtNative.virSetErrorFunc(null, &IgnoreError);
        if (LibvirtNative.virEventRegisterDefaultImpl() < 0)
        {
            throw LibvirtException.FromLastError("cannot start the libvirt event loop");
        }
        _loop = new Thread(RunLoop) { IsBackground = true, Name = "libvirt events" };
        _loop.Start();
    }

    // The loop never ends: libvirt offers no way to unregister the default implementation, and connections may
    // be opened at any time. Being a background thread, it does not keep the process alive.
    private static void RunLoop()
    {
        while (true)
        {
            if (LibvirtNative.virEventRunDefaultImpl() < 0)
            {
                LibvirtNative.virResetLastError();
                Interlocked.Increment(ref _loopErrors);
                // A failing poll must not spin; a failure here is rare (a broken descriptor) and transient.
                Thread.Sleep(100);
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void IgnoreError(void* userData, LibvirtNative.VirError* error)
    {
    }
}
