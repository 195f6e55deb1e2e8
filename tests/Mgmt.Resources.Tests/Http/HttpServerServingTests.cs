using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// An http:server run by the engine answers real HTTP requests: grouped files from disk and inline data, a root
/// directory, 404s, and never anything outside what it serves.
/// </summary>
public sealed class HttpServerServingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serves_a_file_from_disk_and_always_its_current_content()
    {
        await File.WriteAllTextAsync(_dir["hello.txt"], "first", Cancel);
        var server = HttpEngineRun.NewServer();
        var file = new HttpServerFileResource { Name = "/hello.txt", Path = _dir["hello.txt"] };
        await using var run = await HttpEngineRun.StartAsync(server, file);

        var (status, body) = await run.GetAsync("/hello.txt");
        Assert.Equal(200, status);
        Assert.Equal("first", body);

        await File.WriteAllTextAsync(_dir["hello.txt"], "second, longer", Cancel);
        Assert.Equal("second, longer", (await run.GetAsync("/hello.txt")).Body);

        using var head = await run.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, run.Url("/hello.txt")), Cancel);
        Assert.Equal(14, head.Content.Headers.ContentLength);
        Assert.Equal("text/plain", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancel));

        File.Delete(_dir["hello.txt"]);
        Assert.Equal(404, (await run.GetAsync("/hello.txt")).Status);
    }

    [Fact]
    public async Task Serves_inline_data_under_the_filename_and_refuses_other_methods()
    {
        var server = HttpEngineRun.NewServer();
        var data = new HttpServerFileResource { Name = "motd", Filename = "/motd", Data = "hello from mgmt\n" };
        await using var run = await HttpEngineRun.StartAsync(server, data);

        var (status, body) = await run.GetAsync("/motd");
        Assert.Equal(200, status);
        Assert.Equal("hello from mgmt\n", body);

        using var post = await run.Client.PostAsync(run.Url("/motd"), new StringContent("x"), Cancel);
        Assert.Equal(405, (int)post.StatusCode);
        Assert.Equal(404, (await run.GetAsync("/nothing-here")).Status);
    }

    [Fact]
    public async Task Serves_data_received_from_another_resource()
    {
        var server = HttpEngineRun.NewServer();
        var value = new ValueResource { Name = "greeting", Any = Engine.Values.Value.Str("received over send/recv") };
        var file = new HttpServerFileResource { Name = "/greeting.txt", Data = "declared" };
        var graph = new Engine.Graph.ResourceGraph { Name = "recv-test" };
        graph.AddVertex(server);
        graph.AddVertex(value);
        graph.AddVertex(file);
        graph.Connect(value, file);
        graph.Bindings.Add(new Engine.Graph.SendRecvBinding(value, "any", file, "data"));
        await using var run = await HttpEngineRun.StartAsync(server, graph);

        await run.EventuallyAsync(async () => (await run.GetAsync("/greeting.txt")).Body == "received over send/recv",
            "the received data to be served");
        Assert.Equal(["http:server:file[/greeting.txt]"], run.StatusOf("http:server", "web").GroupedMembers);
    }

    [Fact]
    public async Task Serves_a_directory_root_read_only_without_listings()
    {
        Directory.CreateDirectory(_dir["www/sub"]);
        Directory.CreateDirectory(_dir["www/docs"]);
        await File.WriteAllTextAsync(_dir["www/sub/a.json"], "{\"a\":1}", Cancel);
        await File.WriteAllTextAsync(_dir["www/docs/index.html"], "<p>docs</p>", Cancel);
        var server = HttpEngineRun.NewServer();
        server.Root = _dir["www/"];
        await using var run = await HttpEngineRun.StartAsync(server);

        using (var json = await run.Client.GetAsync(run.Url("/sub/a.json"), Cancel))
        {
            Assert.Equal(200, (int)json.StatusCode);
            Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
            Assert.Equal("{\"a\":1}", await json.Content.ReadAsStringAsync(Cancel));
        }
        Assert.Equal("<p>docs</p>", (await run.GetAsync("/docs/")).Body);
        Assert.Equal(404, (await run.GetAsync("/sub/")).Status); // a directory without an index is not listed
        Assert.Equal(404, (await run.GetAsync("/sub/missing.txt")).Status);
        using var put = await run.Client.PutAsync(run.Url("/sub/a.json"), new StringContent("x"), Cancel);
        Assert.Equal(405, (int)put.StatusCode);
        Assert.Equal("{\"a\":1}", await File.ReadAllTextAsync(_dir["www/sub/a.json"], Cancel));
    }

    [Fact]
    public async Task Refuses_paths_that_leave_the_root_or_a_served_directory()
    {
        Directory.CreateDirectory(_dir["www/sub"]);
        Directory.CreateDirectory(_dir["share"]);
        await File.WriteAllTextAsync(_dir["secret.txt"], "secret", Cancel);
        await File.WriteAllTextAsync(_dir["www/ok.txt"], "ok", Cancel);
        await File.WriteAllTextAsync(_dir["share/ok.txt"], "ok", Cancel);
        File.CreateSymbolicLink(_dir["www/escape.txt"], _dir["secret.txt"]);
        File.CreateSymbolicLink(_dir["www/up"], _dir[""]);
        File.CreateSymbolicLink(_dir["share/escape.txt"], _dir["secret.txt"]);
        var server = HttpEngineRun.NewServer();
        server.Root = _dir["www"];
        var share = new HttpServerFileResource { Name = "/share/", Path = _dir["share/"] };
        await using var run = await HttpEngineRun.StartAsync(server, share);

        Assert.Equal(200, await run.RawStatusAsync("GET /ok.txt HTTP/1.1"));
        Assert.Equal(200, await run.RawStatusAsync("GET /share/ok.txt HTTP/1.1"));
        foreach (var attack in new[]
        {
            "/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt", "/sub/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt", "/escape.txt", "/up/secret.txt", "/share/../secret.txt", "/share/escape.txt",
            "/share/%2e%2e/secret.txt",
        })
        {
            Assert.True(await run.RawStatusAsync($"GET {attack} HTTP/1.1") == 404, $"{attack} was not refused");
        }
    }

    [Fact]
    public async Task Malformed_requests_get_an_error_status_and_the_server_keeps_serving()
    {
        var server = HttpEngineRun.NewServer();
        var data = new HttpServerFileResource { Name = "/x", Data = "x" };
        await using var run = await HttpEngineRun.StartAsync(server, data);

        // Kestrel refuses a target without a leading slash (with 400 or 405, depending on its version).
        Assert.InRange(await run.RawStatusAsync("GET no-slash HTTP/1.1"), 400, 499);
        Assert.Equal(505, await run.RawStatusAsync("GET /x HTTP/2.0"));
        Assert.Equal(400, await run.RawStatusAsync("GARBAGE"));
        Assert.Equal("x", (await run.GetAsync("/x")).Body);
    }

    public void Dispose() => _dir.Dispose();
}
