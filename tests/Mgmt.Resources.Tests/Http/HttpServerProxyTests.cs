using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// http:server:proxy: the path arithmetic (sub, head, cache), and a real proxy server in front of a real upstream
/// server (both Kestrel on loopback) that relays, keeps copies and answers from them.
/// </summary>
public sealed class HttpServerProxyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Maps_the_request_path_to_the_upstream_url_and_the_cache_file()
    {
        var proxy = new HttpServerProxyResource
        {
            Name = "/fedora/releases/39/Everything/x86_64/os/", Sub = "/fedora/", Head = "https://mirror.example.com/fedora/linux/", Cache = "/tmp/cache/",
        };
        proxy.Validate();
        var target = proxy.Map("/fedora/releases/39/Everything/x86_64/os/repodata/repomd.xml")!;
        Assert.Equal("https://mirror.example.com/fedora/linux/releases/39/Everything/x86_64/os/repodata/repomd.xml", target.UpstreamUrl);
        Assert.Equal("/tmp/cache/repodata/repomd.xml", target.CacheFile);

        // Outside the public path or the sub prefix: not this proxy's (404).
        Assert.Null(proxy.Map("/fedora/releases/40/Everything/x86_64/os/repodata/repomd.xml"));
        Assert.Null(new HttpServerProxyResource { Name = "/a/", Sub = "/b/", Head = "http://h/" }.Map("/a/x"));
        // Never a path that climbs out of the cache.
        Assert.Null(proxy.Map("/fedora/releases/39/Everything/x86_64/os/../../../../../../etc/passwd"));
        Assert.Null(proxy.Map("/fedora/releases/39/Everything/x86_64/os//repodata/repomd.xml"));

        // Without sub, the whole path follows head; a directory request is relayed but never cached.
        var plain = new HttpServerProxyResource { Name = "/", Head = "http://up:8080/", Cache = "/c/" };
        Assert.Equal(new HttpServerProxyResource.ProxyTarget("http://up:8080/a/b.txt", "/c/a/b.txt"), plain.Map("/a/b.txt"));
        Assert.Equal(new HttpServerProxyResource.ProxyTarget("http://up:8080/a/", null), plain.Map("/a/"));
    }

    [Theory]
    [InlineData("/p/", "sub", "", "http://h/", "", "start and end with /")]
    [InlineData("/p/", "", "", "http://h", "", "must end with /")]
    [InlineData("/p/", "", "", "", "cache", "start and end with /")]
    [InlineData("/p/", "", "", "", "", "set head")]
    [InlineData("p", "", "", "http://h/", "", "absolute URL path")]
    public void Bad_parameters_are_refused(string name, string sub, string path, string head, string cache, string expected)
    {
        var proxy = new HttpServerProxyResource { Name = name, Sub = sub, Path = path, Head = head, Cache = cache };
        Assert.Contains(expected, Assert.Throws<ResourceValidationException>(proxy.Validate).Message);
    }

    [Fact]
    public async Task Relays_from_upstream_keeps_a_copy_and_answers_from_it_when_upstream_lost_the_file()
    {
        Directory.CreateDirectory(_dir["upstream/pool"]);
        await File.WriteAllTextAsync(_dir["upstream/pool/pkg.txt"], "package bytes", Cancel);
        var upstreamServer = HttpEngineRun.NewServer("upstream");
        upstreamServer.Root = _dir["upstream"];
        await using var upstream = await HttpEngineRun.StartAsync(upstreamServer);

        var proxy = new HttpServerProxyResource { Name = "/mirror/", Sub = "/mirror/", Head = upstream.Url("/").ToString(), Cache = _dir["cache"] + "/" };
        await using var front = await HttpEngineRun.StartAsync(HttpEngineRun.NewServer("front"), proxy);

        // HEAD is relayed but keeps nothing.
        using (var head = await front.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, front.Url("/mirror/pool/pkg.txt")), Cancel))
        {
            Assert.Equal(200, (int)head.StatusCode);
        }
        Assert.False(File.Exists(_dir["cache/pool/pkg.txt"]));

        var (status, body) = await front.GetAsync("/mirror/pool/pkg.txt");
        Assert.Equal((200, "package bytes"), (status, body));
        await front.EventuallyAsync(() => File.Exists(_dir["cache/pool/pkg.txt"]), "the copy in the cache");
        Assert.Equal("package bytes", await File.ReadAllTextAsync(_dir["cache/pool/pkg.txt"], Cancel));
        Assert.Empty(Directory.GetFiles(_dir["cache/pool"], "*.mgmt-tmp*"));

        // Upstream loses the file: the proxy still has it.
        File.Delete(_dir["upstream/pool/pkg.txt"]);
        Assert.Equal(404, (await upstream.GetAsync("/pool/pkg.txt")).Status);
        Assert.Equal((200, "package bytes"), await front.GetAsync("/mirror/pool/pkg.txt"));

        // Something upstream does not have is a 404; so is anything outside the proxy's path; other methods are refused.
        Assert.Equal(404, (await front.GetAsync("/mirror/pool/none.txt")).Status);
        Assert.Equal(404, (await front.GetAsync("/elsewhere")).Status);
        Assert.False(File.Exists(_dir["cache/pool/none.txt"]));
        using var post = await front.Client.PostAsync(front.Url("/mirror/pool/pkg.txt"), null, Cancel);
        Assert.Equal(405, (int)post.StatusCode);
        Assert.Equal(404, await front.RawStatusAsync("GET /mirror/../../etc/passwd HTTP/1.1"));
    }

    [Fact]
    public async Task Without_head_it_serves_the_cache_only_and_an_unreachable_upstream_is_a_502()
    {
        Directory.CreateDirectory(_dir["cache/d"]);
        await File.WriteAllTextAsync(_dir["cache/d/kept.txt"], "kept", Cancel);
        var cacheOnly = new HttpServerProxyResource { Name = "/c/", Cache = _dir["cache"] + "/" };
        // An upstream that refuses connections: a port that was free a moment ago.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var dead = new HttpServerProxyResource { Name = "/dead/", Head = $"http://127.0.0.1:{closedPort}/" };
        await using var front = await HttpEngineRun.StartAsync(HttpEngineRun.NewServer("front"), cacheOnly, dead);

        Assert.Equal((200, "kept"), await front.GetAsync("/c/d/kept.txt"));
        Assert.Equal(404, (await front.GetAsync("/c/d/other.txt")).Status);
        Assert.Equal(502, (await front.GetAsync("/dead/x")).Status);
    }

    public void Dispose() => _dir.Dispose();
}
