using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Tftp;

/// <summary>
/// A tftp:server with grouped tftp:file resources and a root directory, run on the real engine on a loopback port,
/// read with real clients: tftp-hpa's <c>tftp</c> and busybox's (which negotiates the block size and transfer size).
/// </summary>
public sealed class TftpServingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static void RequireClients()
    {
        if (!Tool.Exists("tftp")) Assert.Skip("tftp-hpa's client is not installed (apt-get install tftp-hpa)");
        if (!Tool.Exists("busybox")) Assert.Skip("busybox is not installed");
    }

    private async Task<(GraphRun Run, int Port)> StartAsync(params Engine.Resources.Resource[] files)
    {
        var root = _dir["root/"];
        Directory.CreateDirectory(root);
        var server = new TftpServerResource { Name = "boot", Address = "127.0.0.1:0", Root = root, Timeout = 1 };
        var run = await GraphRun.StartAsync([server, .. files]);
        await run.EventuallyAsync(() => server.BoundPort is not null && run.StatusOf("tftp:server", "boot").Checks > 0, "the server to listen");
        return (run, server.BoundPort!.Value);
    }

    private async Task<(Tool.Result Result, byte[]? Content)> HpaGetAsync(int port, string remote, string mode = "binary")
    {
        var local = _dir[$"got-{Guid.NewGuid():N}"];
        var result = await Tool.RunAsync("tftp", ["-m", mode, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), "-c", "get", remote, local], seconds: 30);
        return (result, File.Exists(local) && result.Output.Length == 0 ? await File.ReadAllBytesAsync(local, Cancel) : null);
    }

    [Fact]
    public async Task Serves_grouped_files_and_the_root_to_a_real_client()
    {
        RequireClients();
        var source = _dir["kernel.img"];
        var big = new byte[70_000];
        new Random(7).NextBytes(big);
        await File.WriteAllBytesAsync(source, big, Cancel);
        var (run, port) = await StartAsync(
            new TftpFileResource { Name = "inline", Filename = "pxelinux.cfg/default", Data = "DEFAULT linux\n" },
            new TftpFileResource { Name = "/vmlinuz", Path = source });
        await using var _ = run;
        await File.WriteAllTextAsync(_dir["root/hello.txt"], "from the root\n", Cancel);

        var (r1, inline) = await HpaGetAsync(port, "pxelinux.cfg/default");
        Assert.True(inline is not null, r1.Output);
        Assert.Equal("DEFAULT linux\n", Encoding.UTF8.GetString(inline));

        var (r2, kernel) = await HpaGetAsync(port, "/vmlinuz");
        Assert.True(kernel is not null, r2.Output);
        Assert.Equal(big, kernel);

        var (r3, fromRoot) = await HpaGetAsync(port, "hello.txt");
        Assert.True(fromRoot is not null, r3.Output);
        Assert.Equal("from the root\n", Encoding.UTF8.GetString(fromRoot));

        // The default netascii mode: lines travel as CR LF and the client turns them back.
        var (r4, ascii) = await HpaGetAsync(port, "hello.txt", "netascii");
        Assert.True(ascii is not null, r4.Output);
        Assert.Equal("from the root\n", Encoding.UTF8.GetString(ascii));
    }

    [Fact]
    public async Task Negotiates_the_block_size_with_busybox()
    {
        RequireClients();
        var content = new byte[5000];
        new Random(3).NextBytes(content);
        await File.WriteAllBytesAsync(_dir["blob"], content, Cancel);
        var (run, port) = await StartAsync(new TftpFileResource { Name = "blob", Path = _dir["blob"] });
        await using var _ = run;
        var local = _dir["blob.copy"];
        var result = await Tool.RunAsync("busybox", ["tftp", "-g", "-b", "1400", "-r", "blob", "-l", local, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)], seconds: 30);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(content, await File.ReadAllBytesAsync(local, Cancel));
    }

    [Fact]
    public async Task Never_serves_outside_the_root_nor_accepts_writes()
    {
        RequireClients();
        await File.WriteAllTextAsync(_dir["secret"], "do not serve", Cancel);
        var (run, port) = await StartAsync();
        await using var _ = run;
        File.CreateSymbolicLink(_dir["root/link"], _dir["secret"]);

        foreach (var name in new[] { "../secret", "/../secret", "link", "missing", "." })
        {
            var (result, content) = await HpaGetAsync(port, name);
            Assert.Null(content);
            Assert.Contains("File not found", result.Output, StringComparison.OrdinalIgnoreCase);
        }

        var upload = _dir["upload"];
        await File.WriteAllTextAsync(upload, "x", Cancel);
        var put = await Tool.RunAsync("tftp", ["127.0.0.1", port.ToString(CultureInfo.InvariantCulture), "-c", "put", upload, "new"], seconds: 30);
        Assert.Contains("read-only", put.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["root/new"]));
    }

    [Fact]
    public async Task A_client_that_stops_acknowledging_does_not_stop_the_server()
    {
        RequireClients();
        var (run, port) = await StartAsync();
        await File.WriteAllBytesAsync(_dir["root/f"], new byte[2000], Cancel);
        await using var _ = run;
        // Ask for the file by hand and never acknowledge: the server gives up after its retries.
        using (var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var request = new byte[] { 0, 1 }.Concat("f\0octet\0"u8.ToArray()).ToArray();
            await silent.SendToAsync(request, new IPEndPoint(IPAddress.Loopback, port), Cancel);
            var first = new byte[600];
            var n = await silent.ReceiveAsync(first, Cancel);
            Assert.Equal(516, n); // DATA block 1 of 512 bytes
        }
        var (result, content) = await HpaGetAsync(port, "f");
        Assert.True(content is not null, result.Output);
        Assert.Equal(2000, content.Length);
    }

    [Fact]
    public async Task A_taken_port_is_a_clear_error()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var server = new TftpServerResource { Name = $"127.0.0.1:{port}" };
        await using var run = await GraphRun.StartAsync(server);
        await run.EventuallyAsync(() => run.StatusOf("tftp:server", server.Name).LastError?.Contains("the port is taken", StringComparison.Ordinal) == true, "the watch to fail");
    }

    [Fact]
    public async Task A_file_without_a_server_says_what_is_missing()
    {
        var file = new TftpFileResource { Name = "lonely", Server = "boot", Data = "x" };
        await using var h = await ResourceHarness<TftpFileResource>.StartAsync(file, watch: false);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
        Assert.Contains("add tftp:server \"boot\"", e.Message, StringComparison.Ordinal);
    }
}
