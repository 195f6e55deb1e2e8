using System.Diagnostics;

namespace Mgmt.Resources.Tests.VirtResources;

/// <summary>
/// A libvirt daemon of the test's own (Debian's <c>libvirt-daemon</c>), listening on a socket in a temp directory,
/// so that a test can kill it under a running resource and start it again. Its hypervisor is the daemon's test
/// driver, reached through <see cref="Uri"/>. Needs root.
/// </summary>
/// <remarks>
/// The daemon is pointed at an empty driver module directory: the test driver is built into it, and the
/// loadable ones are not needed. Loading them would make the daemon depend on what <c>libvirt-daemon-system</c>
/// sets up (the QEMU driver refuses to start without the <c>libvirt-qemu</c> user), which a fresh machine lacks.
/// </remarks>
internal sealed class PrivateLibvirtDaemon : IDisposable
{
    private const string Program = "/usr/sbin/libvirtd";
    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-libvirtd-").FullName;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private Process? _process;

    public PrivateLibvirtDaemon()
    {
        File.WriteAllText(Config, $"""
            unix_sock_dir = "{_dir}"
            unix_sock_rw_perms = "0700"
            auth_unix_ro = "none"
            auth_unix_rw = "none"
            """);
    }

    /// <summary>Skips the test when the daemon cannot run here (CI installs it and runs as root).</summary>
    public static void Require()
    {
        if (!File.Exists(Program)) Assert.Skip("libvirtd is not installed (apt-get install libvirt-daemon); CI installs it");
        if (Environment.UserName != "root") Assert.Skip("a private libvirtd needs root; CI runs as root");
    }

    public string Socket => Path.Combine(_dir, "libvirt-sock");

    public string Uri => $"test+unix:///default?socket={Socket}";

    private string Config => Path.Combine(_dir, "libvirtd.conf");

    private string NoDriverModules => Directory.CreateDirectory(Path.Combine(_dir, "no-driver-modules")).FullName;

    /// <summary>Starts the daemon and waits until its socket exists.</summary>
    public async Task StartAsync()
    {
        if (File.Exists(Socket)) File.Delete(Socket);
        var info = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--config", Config, "--pid-file", Path.Combine(_dir, "libvirtd.pid") }) info.ArgumentList.Add(a);
        info.Environment["LIBVIRT_DRIVER_DIR"] = NoDriverModules;
        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        for (var i = 0; i < 300 && !File.Exists(Socket); i++)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                Assert.Fail($"libvirtd exited at start with status {_process.ExitCode}:\n{string.Join('\n', _output.TakeLast(20))}");
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.True(File.Exists(Socket), "libvirtd did not create its socket in 15 s");
    }

    /// <summary>Kills the daemon at once, as a crash would.</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        Directory.Delete(_dir, recursive: true);
    }
}
