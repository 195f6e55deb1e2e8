using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mgmt.Platform.Docker;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Docker;

/// <summary>
/// A private Docker daemon (Debian's docker.io) on its own socket, data and exec roots, without iptables rules or a
/// bridge, plus a private registry (Debian's docker-registry) on a free loopback port. It holds one small image made
/// here from the host's busybox (no registry on the internet is needed), and the same image pushed to the registry
/// under <see cref="RegistryImage"/> and removed locally, so that pulling it is a real exchange with a registry.
/// </summary>
public sealed class PrivateDocker : IAsyncLifetime
{
    public const string LocalImage = "mgmt-test/busybox:1";

    private readonly string _dir = Path.Join("/tmp", "mgmt-docker-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _daemon;
    private Process? _registry;

    /// <summary>Why the tests cannot run here, or null.</summary>
    public string? Unavailable { get; private set; }

    public string Socket => Path.Join(_dir, "docker.sock");

    /// <summary>The image as the registry serves it (not present in the daemon until pulled).</summary>
    public string RegistryImage { get; private set; } = "";

    public DockerClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (Posix.EffectiveUid != 0) { Unavailable = "running dockerd needs root"; return; }
        if (!Tool.Exists("dockerd") || !Tool.Exists("docker-registry") || !Tool.Exists("busybox"))
        {
            Unavailable = "dockerd, docker-registry or busybox is missing (apt-get install docker.io docker-registry busybox)";
            return;
        }
        Directory.CreateDirectory(_dir);
        _daemon = Process.Start(Info("dockerd", "--data-root", Path.Join(_dir, "root"), "--exec-root", Path.Join(_dir, "exec"),
            "--pidfile", Path.Join(_dir, "docker.pid"), "-H", "unix://" + Socket, "--iptables=false", "--ip-masq=false", "--bridge=none"));
        Client = new DockerClient(Socket);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await Client.PingAsync(CancellationToken.None);
                break;
            }
            catch (DockerException) when (DateTime.UtcNow < deadline && !_daemon!.HasExited)
            {
                await Task.Delay(200);
            }
        }
        await ImportBusyboxAsync();
        await StartRegistryAndPushAsync();
    }

    private static ProcessStartInfo Info(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    // An image of busybox and the libraries it links, imported from a tar stream.
    private async Task ImportBusyboxAsync()
    {
        var libs = await Tool.RunAsync("ldd", ["/bin/busybox"]);
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            await writer.WriteEntryAsync("/bin/busybox", "bin/busybox");
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "busybox" });
            foreach (var lib in libs.Stdout.Split((char[])[' ', '\t', '\n']).Where(p => p.StartsWith('/') && File.Exists(p)))
            {
                await writer.WriteEntryAsync(new FileInfo(lib).ResolveLinkTarget(true)?.FullName ?? lib, lib.TrimStart('/'));
            }
        }
        tar.Position = 0;
        await ApiAsync(HttpMethod.Post, $"images/create?fromSrc=-&repo=mgmt-test/busybox&tag=1", new StreamContent(tar));
    }

    private async Task StartRegistryAndPushAsync()
    {
        var port = FreePort();
        var config = Path.Join(_dir, "registry.yml");
        await File.WriteAllTextAsync(config, $"version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {_dir}/registry\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n");
        _registry = Process.Start(Info("docker-registry", "serve", config));
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var _ = await http.GetAsync($"http://127.0.0.1:{port}/v2/");
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        var repository = $"127.0.0.1:{port}/mgmt-test/busybox";
        RegistryImage = repository + ":1";
        await ApiAsync(HttpMethod.Post, $"images/{LocalImage}/tag?repo={Uri.EscapeDataString(repository)}&tag=1");
        var pushed = await ApiAsync(HttpMethod.Post, $"images/{repository}/push?tag=1", auth: true);
        if (pushed.Contains("\"error\"", StringComparison.Ordinal)) throw new InvalidOperationException($"pushing to the test registry failed: {pushed}");
        await ApiAsync(HttpMethod.Delete, $"images/{RegistryImage}");
    }

    /// <summary>A raw call of the Engine API, for what the resources themselves never do (import, tag, push, inspect).</summary>
    public async Task<string> ApiAsync(HttpMethod method, string path, HttpContent? body = null, bool auth = false)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = TimeSpan.FromSeconds(120) };
        using var request = new HttpRequestMessage(method, path) { Content = body };
        if (auth) request.Headers.Add("X-Registry-Auth", Convert.ToBase64String(Encoding.UTF8.GetBytes("{}")));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var process in new[] { _registry, _daemon })
        {
            if (process is null) continue;
            if (!process.HasExited)
            {
                Posix.Kill(process.Id, 15);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            process.Dispose();
        }
        if (!Directory.Exists(_dir)) return;
        // Layers a killed daemon left mounted would make the removal fail: unmount them first, deepest first.
        var mounts = File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(_dir, StringComparison.Ordinal)).OrderByDescending(m => m.Length);
        foreach (var mount in mounts) await Tool.RunAsync("umount", ["-l", mount], seconds: 30);
        Directory.Delete(_dir, recursive: true);
    }
}
