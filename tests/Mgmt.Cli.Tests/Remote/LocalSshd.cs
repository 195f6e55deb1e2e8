using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Remote;

/// <summary>
/// A private OpenSSH server for one test: its own host key and authorized key (made here with ssh-keygen), on a
/// free loopback port, with its own configuration (keys only). Disposing stops it and removes the keys.
/// </summary>
internal sealed class LocalSshd : IDisposable
{
    public const string SshdPath = "/usr/sbin/sshd";

    private readonly TempDir _dir;
    private readonly Process _sshd;

    private LocalSshd(TempDir dir, Process sshd, int port, string hostKey)
    {
        _dir = dir;
        _sshd = sshd;
        Port = port;
        HostKey = hostKey;
    }

    public int Port { get; }

    /// <summary>The host's public key, base64 (the middle field of known_hosts).</summary>
    public string HostKey { get; }

    /// <summary>The client's private key, authorized to log in as the current user.</summary>
    public string ClientKey => _dir.File("id_ed25519");

    public static void RequireSshd() =>
        Assert.SkipUnless(File.Exists(SshdPath), $"OpenSSH's server is not installed at {SshdPath} (apt-get install openssh-server); CI installs it");

    public static async Task<LocalSshd> StartAsync()
    {
        var dir = new TempDir();
        Keygen(dir.File("host_ed25519"));
        Keygen(dir.File("id_ed25519"));
        File.Copy(dir.File("id_ed25519.pub"), dir.File("authorized_keys"));
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var config = dir.Write("sshd_config", $"""
            ListenAddress 127.0.0.1:{port}
            HostKey {dir.File("host_ed25519")}
            AuthorizedKeysFile {dir.File("authorized_keys")}
            PidFile {dir.File("sshd.pid")}
            UsePAM no
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            AllowTcpForwarding yes
            Subsystem sftp internal-sftp
            """);
        // sshd refuses to start without its privilege separation directory (the package's service creates it).
        Directory.CreateDirectory("/run/sshd");
        var info = new ProcessStartInfo(SshdPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-D", "-e", "-f", config]) info.ArgumentList.Add(a);
        var sshd = Process.Start(info)!;
        sshd.BeginErrorReadLine();
        sshd.BeginOutputReadLine();
        var hostKey = File.ReadAllText(dir.File("host_ed25519.pub")).Split(' ')[1];
        var server = new LocalSshd(dir, sshd, port, hostKey);
        // Wait until it accepts connections.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (attempt < 100 && !sshd.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    private static void Keygen(string path)
    {
        using var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "mgmt-test", "-f", path]) { UseShellExecute = false })!;
        keygen.WaitForExit();
        Assert.Equal(0, keygen.ExitCode);
    }

    public void Dispose()
    {
        if (!_sshd.HasExited) _sshd.Kill();
        _sshd.WaitForExit(5000);
        _sshd.Dispose();
        _dir.Dispose();
    }
}
