using System.Diagnostics;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Pkg;

/// <summary>
/// A real PackageKit for the pkg resource's PackageKit backend, started by hand as on a machine without systemd: a
/// system-configured dbus-daemon on a private socket, polkitd and packagekitd (Debian's apt backend) on it. Nothing
/// listens on the machine's usual system bus. Everything is stopped afterwards.
/// </summary>
public sealed class PrivatePackageKit : IAsyncDisposable
{
    private readonly string _dir = Path.Join("/tmp", "mgmt-pk-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<Process> _processes = [];

    public string Address => $"unix:path={_dir}/system_bus_socket";

    /// <summary>Why it cannot run here, or null.</summary>
    public string? Unavailable { get; private set; }

    public static async Task<PrivatePackageKit> StartAsync()
    {
        var pk = new PrivatePackageKit();
        if (Posix.EffectiveUid != 0) pk.Unavailable = "PackageKit's apt backend needs root";
        else if (!File.Exists("/usr/libexec/packagekitd") || !File.Exists("/usr/lib/polkit-1/polkitd") || !Tool.Exists("dbus-daemon"))
        {
            pk.Unavailable = "packagekit, polkitd or dbus-daemon is missing (apt-get install packagekit polkitd dbus-daemon)";
        }
        if (pk.Unavailable is not null) return pk;
        Directory.CreateDirectory(pk._dir);
        var bus = pk.Start("dbus-daemon", "--config-file=/usr/share/dbus-1/system.conf", $"--address={pk.Address}", "--nofork", "--nopidfile", "--print-address");
        await bus.StandardOutput.ReadLineAsync(); // printed once the bus listens
        pk.Start("/usr/lib/polkit-1/polkitd", "--no-debug");
        // packagekitd clears its environment unless told not to, and would then look for the usual system bus.
        pk.Start("/usr/libexec/packagekitd", "--keep-environment", "--disable-timer");
        return pk;
    }

    private Process Start(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = Address;
        var process = Process.Start(info)!;
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            if (!process.HasExited) Posix.Kill(process.Id, 15);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
            process.Dispose();
        }
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
