using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// http:client against a real http:server (Kestrel on loopback): download, conditional requests (304), refresh,
/// sha256, failures and what net/http.response sees, and the long poll on the real engine.
/// </summary>
public sealed class HttpClientTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Sent(TestResourceContext context) => context.Sent["content"].AsStr();

    private static string Hash(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task Downloads_the_body_into_the_file_sends_it_and_asks_only_if_newer_afterwards()
    {
        await File.WriteAllTextAsync(_dir["served.txt"], "first body", Cancel);
        await using var run = await HttpEngineRun.StartAsync(HttpEngineRun.NewServer(), new HttpServerFileResource { Name = "/data", Path = _dir["served.txt"] });
        using var context = new TestResourceContext();
        var board = new HttpResponseBoard();
        context.ServiceMap.Add(board);
        var client = new HttpClientResource { Name = "dl", Url = run.Url("/data").ToString(), File = _dir["out/got.txt"] };
        Directory.CreateDirectory(_dir["out"]);
        await using var h = await ResourceHarness<HttpClientResource>.StartAsync(client, context);

        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("first body", await File.ReadAllTextAsync(_dir["out/got.txt"], Cancel));
        Assert.Equal("first body", Sent(context));
        Assert.Equal(new HttpResponseState(200, _dir["out/got.txt"]), board.Get("dl"));
        // The server's Last-Modified became the file's mtime: the next request is conditional and gets 304.
        Assert.Equal(File.GetLastWriteTimeUtc(_dir["served.txt"]).Ticks / TimeSpan.TicksPerSecond, File.GetLastWriteTimeUtc(_dir["out/got.txt"]).Ticks / TimeSpan.TicksPerSecond);
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal(200, board.Get("dl").Status); // a 304 is not news

        // A newer version on the server is fetched.
        await File.WriteAllTextAsync(_dir["served.txt"], "second body", Cancel);
        File.SetLastWriteTimeUtc(_dir["served.txt"], DateTime.UtcNow.AddMinutes(1));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("second body", await File.ReadAllTextAsync(_dir["out/got.txt"], Cancel));

        // A refresh asks unconditionally; the same body is no change.
        context.Refresh = true;
        Assert.True(await h.CheckApplyAsync());
        context.Refresh = false;
        Assert.Empty(Directory.GetFiles(_dir["out"], "*.mgmt-tmp*"));
    }

    [Fact]
    public async Task A_body_with_the_wrong_sha256_is_refused_and_the_old_file_stays()
    {
        await using var run = await HttpEngineRun.StartAsync(HttpEngineRun.NewServer(), new HttpServerFileResource { Name = "/data", Data = "evil" });
        await File.WriteAllTextAsync(_dir["got.txt"], "old", Cancel);
        using var context = new TestResourceContext();
        var board = new HttpResponseBoard();
        context.ServiceMap.Add(board);
        var client = new HttpClientResource { Name = _dir["got.txt"], Url = run.Url("/data").ToString(), Sha256 = Hash("good"), MtimeCheck = false };
        await using var h = await ResourceHarness<HttpClientResource>.StartAsync(client, context);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => h.CheckApplyAsync());
        Assert.Contains(Hash("evil"), e.Message);
        Assert.Equal("old", await File.ReadAllTextAsync(_dir["got.txt"], Cancel));
        Assert.Equal(-1, board.Get(_dir["got.txt"]).Status);
        Assert.Single(Directory.GetFiles(_dir.Path));

        // A file that already has the expected hash is not fetched at all.
        await File.WriteAllTextAsync(_dir["got.txt"], "good", Cancel);
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal("good", Sent(context));
    }

    [Fact]
    public async Task A_status_other_than_200_fails_the_check_and_is_published()
    {
        await using var run = await HttpEngineRun.StartAsync(HttpEngineRun.NewServer(), new HttpServerFileResource { Name = "/data", Data = "x" });
        using var context = new TestResourceContext();
        var board = new HttpResponseBoard();
        context.ServiceMap.Add(board);
        var client = new HttpClientResource { Name = "missing", Url = run.Url("/nothing-here").ToString() };
        await using var h = await ResourceHarness<HttpClientResource>.StartAsync(client, context);
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => h.CheckApplyAsync());
        Assert.Contains("404", e.Message);
        Assert.Equal(new HttpResponseState(404, ""), board.Get("missing"));
    }

    /// <summary>A server with a POST flag on /hook whose value a print receives, and a file /data.</summary>
    private static async Task<(HttpEngineRun Run, PrintResource Print)> HookAsync()
    {
        var server = HttpEngineRun.NewServer();
        var flag = new HttpServerFlagResource { Name = "/hook", Key = "k" };
        var print = new PrintResource { Name = "shown", Meta = MetaParams.Default with { AutoGroup = false } };
        var graph = new Mgmt.Engine.Graph.ResourceGraph { Name = "hook" };
        graph.AddVertex(server);
        graph.AddVertex(flag);
        graph.AddVertex(new HttpServerFileResource { Name = "/data", Data = "x" });
        graph.AddVertex(print);
        graph.Connect(flag, print);
        graph.Bindings.Add(new Mgmt.Engine.Graph.SendRecvBinding(flag, "value", print, "msg"));
        return (await HttpEngineRun.StartAsync(server, graph), print);
    }

    [Fact]
    public async Task Noop_writes_nothing_and_sends_no_post()
    {
        var (run, print) = await HookAsync();
        await using var _ = run;
        var post = new HttpClientResource { Name = "post", Url = run.Url("/hook?k=posted").ToString(), Method = "POST" };
        await using (var h = await ResourceHarness<HttpClientResource>.StartAsync(post))
        {
            Assert.False(await h.CheckApplyAsync(apply: false));
        }
        var get = new HttpClientResource { Name = _dir["noop.txt"], Url = run.Url("/data").ToString() };
        await using (var h = await ResourceHarness<HttpClientResource>.StartAsync(get))
        {
            Assert.False(await h.CheckApplyAsync(apply: false));
        }
        Assert.False(File.Exists(_dir["noop.txt"]));
        await Task.Delay(300, Cancel);
        Assert.Equal("", print.Msg);
    }

    [Fact]
    public async Task A_post_sends_its_body_and_the_flag_takes_it()
    {
        var (run, print) = await HookAsync();
        await using var _ = run;
        var post = new HttpClientResource { Name = "post", Url = run.Url("/hook").ToString(), Method = "POST", Body = "k=from-client", MtimeCheck = false };
        await using var h = await ResourceHarness<HttpClientResource>.StartAsync(post);
        Assert.False(await h.CheckApplyAsync());
        await run.EventuallyAsync(() => print.Msg == "from-client", "the flag to take the posted value");
    }

    [Fact]
    public async Task With_longpoll_the_engine_fetches_each_new_version_as_soon_as_the_server_has_it()
    {
        await File.WriteAllTextAsync(_dir["feed.txt"], "version 1", Cancel);
        await using var server = await HttpEngineRun.StartAsync(HttpEngineRun.NewServer(), new HttpServerFileResource { Name = "/feed", Path = _dir["feed.txt"], Longpoll = true });
        var client = new HttpClientResource
        {
            Name = _dir["mirror.txt"], Url = server.Url("/feed").ToString(), Longpoll = true, LongpollConditional = true,
        };
        await using var run = await GraphRun.StartAsync(client);
        await run.EventuallyAsync(() => File.Exists(_dir["mirror.txt"]) && File.ReadAllText(_dir["mirror.txt"]) == "version 1", "the first version");
        for (var version = 2; version <= 4; version++)
        {
            await File.WriteAllTextAsync(_dir["feed.txt"], $"version {version}", Cancel);
            await run.EventuallyAsync(() => File.ReadAllText(_dir["mirror.txt"]) == $"version {version}", $"version {version} to arrive by long poll");
        }
        Assert.Null(run.StatusOf("http:client", _dir["mirror.txt"]).LastError);
    }

    [Fact]
    public async Task With_longpoll_a_server_that_goes_away_and_comes_back_is_waited_for()
    {
        await File.WriteAllTextAsync(_dir["feed.txt"], "before", Cancel);
        var first = await HttpEngineRun.StartAsync(HttpEngineRun.NewServer(), new HttpServerFileResource { Name = "/feed", Path = _dir["feed.txt"], Longpoll = true });
        var port = first.Port;
        var client = new HttpClientResource { Name = _dir["mirror.txt"], Url = first.Url("/feed").ToString(), Longpoll = true, LongpollConditional = true };
        await using var run = await GraphRun.StartAsync(client);
        await run.EventuallyAsync(() => File.Exists(_dir["mirror.txt"]), "the first version");
        // The server stops: its held request gets 503 with Retry-After, then the client retries in its grace time.
        await first.DisposeAsync();
        // A server's first version is the second it starts in (HTTP dates have one-second steps): start the new
        // one in a later second than the version the client holds, as any real restart is.
        await Task.Delay(1100, Cancel);
        var again = HttpEngineRun.NewServer();
        again.Address = $"127.0.0.1:{port}";
        await File.WriteAllTextAsync(_dir["feed.txt"], "after", Cancel);
        await using var second = await HttpEngineRun.StartAsync(again, new HttpServerFileResource { Name = "/feed", Path = _dir["feed.txt"], Longpoll = true });
        await run.EventuallyAsync(() => File.ReadAllText(_dir["mirror.txt"]) == "after", "the version of the restarted server");
    }

    [Theory]
    [InlineData("", "ftp://example.org/x", "http:// or https://")]
    [InlineData("get", "http://127.0.0.1/x", "upper case")]
    [InlineData("FETCH", "http://127.0.0.1/x", "not one of")]
    public void Bad_parameters_are_refused_with_a_clear_message(string method, string url, string expected)
    {
        var client = new HttpClientResource { Name = "c", Method = method, Url = url };
        var e = Assert.Throws<ResourceValidationException>(client.Validate);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Longpoll_needs_its_kind_and_refuses_polling()
    {
        Assert.Contains("longpoll_conditional", Assert.Throws<ResourceValidationException>(new HttpClientResource { Name = "c", Url = "http://h/", Longpoll = true }.Validate).Message);
        Assert.Contains("not both", Assert.Throws<ResourceValidationException>(new HttpClientResource { Name = "c", Url = "http://h/", Longpoll = true, LongpollConditional = true, LongpollRedirect = true }.Validate).Message);
        Assert.Contains("64 lower-case", Assert.Throws<ResourceValidationException>(new HttpClientResource { Name = "c", Url = "http://h/", Sha256 = "ABC" }.Validate).Message);
    }

    public void Dispose() => _dir.Dispose();
}
