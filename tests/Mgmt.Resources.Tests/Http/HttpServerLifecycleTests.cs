using System.Net;
using System.Net.Sockets;
using Mgmt.Engine.Runtime;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// The server's life: grouping with the engine, a taken port, members without a server, time limits, and the
/// port being free again once the server stopped.
/// </summary>
public sealed class HttpServerLifecycleTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_engine_groups_files_and_flags_into_their_server_and_leaves_others_alone()
    {
        var web = HttpEngineRun.NewServer("web");
        var other = new HttpServerResource { Name = "other", Address = "127.0.0.1:0" };
        var file = new HttpServerFileResource { Name = "/a", Data = "a", Server = "web" };
        var flag = new HttpServerFlagResource { Name = "/f", Server = "web" };
        var forOther = new HttpServerFileResource { Name = "/b", Data = "b", Server = "other" };
        await using var run = await HttpEngineRun.StartAsync(web, other, file, flag, forOther);

        Assert.Equal(["http:server:file[/a]", "http:server:flag[/f]"], run.StatusOf("http:server", "web").GroupedMembers.Order(StringComparer.Ordinal));
        Assert.Equal(["http:server:file[/b]"], run.StatusOf("http:server", "other").GroupedMembers);
        Assert.Equal("a", (await run.GetAsync("/a")).Body);
        Assert.Equal(404, (await run.GetAsync("/b")).Status);
        await run.EventuallyAsync(() => other.BoundPort is not null, "the other server to listen");
        using var client = new HttpClient();
        Assert.Equal("b", await client.GetStringAsync($"http://127.0.0.1:{other.BoundPort}/b", Cancel));
    }

    [Fact]
    public async Task A_file_whose_server_is_missing_is_left_alone_as_the_reference_does()
    {
        var web = HttpEngineRun.NewServer("web");
        var lost = new HttpServerFileResource { Name = "/lost", Data = "x", Server = "elsewhere" };
        await using var run = await HttpEngineRun.StartAsync(web, lost);

        await run.EventuallyAsync(() => run.StatusOf("http:server:file", "/lost").Checks > 0, "the lonely file to be checked");
        var status = run.StatusOf("http:server:file", "/lost");
        Assert.Equal(VertexState.Ok, status.State);
        Assert.Null(status.LastError);
        Assert.Equal(0, status.Changes);
        Assert.Equal(404, (await run.GetAsync("/lost")).Status);
        Assert.Equal(VertexState.Ok, run.StatusOf("http:server", "web").State);
    }

    [Fact]
    public async Task A_graph_swap_that_changes_a_member_restarts_the_server_on_the_same_port()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var first = new HttpServerResource { Name = "web", Address = $"127.0.0.1:{port}" };
        await using var run = await HttpEngineRun.StartAsync(first, new HttpServerFileResource { Name = "/v", Data = "one" });
        Assert.Equal("one", (await run.GetAsync("/v")).Body);

        var second = new HttpServerResource { Name = "web", Address = $"127.0.0.1:{port}" };
        var graph = new Engine.Graph.ResourceGraph { Name = "swapped" };
        graph.AddVertex(second);
        graph.AddVertex(new HttpServerFileResource { Name = "/v", Data = "two" });
        await run.Engine.CommitAsync(graph, Cancel);

        await run.EventuallyAsync(() => second.BoundPort == port, "the new server to listen on the same port");
        Assert.Null(first.BoundPort);
        Assert.Equal("two", (await run.GetAsync("/v")).Body);
    }

    [Fact]
    public async Task A_port_in_use_fails_the_watch_with_a_clear_message()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var server = new HttpServerResource { Name = "busy", Address = $"127.0.0.1:{port}" };

        var error = await Assert.ThrowsAsync<IOException>(() => ResourceHarness<HttpServerResource>.StartAsync(server));
        Assert.Contains($"cannot listen on 127.0.0.1:{port}: the port is already in use", error.Message);
    }

    [Fact]
    public async Task Stopping_the_server_frees_its_port_and_closes_kept_alive_connections()
    {
        var server = new HttpServerResource { Name = "short-lived", Address = "127.0.0.1:0" };
        var harness = await ResourceHarness<HttpServerResource>.StartAsync(server);
        var port = server.BoundPort!.Value;
        using var client = new HttpClient();
        using (var response = await client.GetAsync($"http://127.0.0.1:{port}/", Cancel))
        {
            Assert.Equal(404, (int)response.StatusCode); // nothing served, but alive; the connection stays open
        }
        await harness.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15), Cancel);
        Assert.Null(server.BoundPort);

        // The same port can be taken again at once (as after a graph swap that replaces the server).
        var again = new HttpServerResource { Name = "again", Address = $"127.0.0.1:{port}" };
        await using var second = await ResourceHarness<HttpServerResource>.StartAsync(again);
        Assert.Equal(port, again.BoundPort);
    }

    [Fact]
    public async Task A_client_that_sends_nothing_is_dropped_after_the_read_timeout()
    {
        var server = new HttpServerResource { Name = "strict", Address = "127.0.0.1:0", Timeout = 1 };
        await using var harness = await ResourceHarness<HttpServerResource>.StartAsync(server);
        Assert.Equal(TimeSpan.FromSeconds(1), server.HostOptions(Mgmt.Platform.Http.HttpListenAddress.Parse(server.EffectiveAddress)).ReadTimeout);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.BoundPort!.Value, Cancel);
        var buffer = new byte[16];
        // The server closes the idle connection: the read ends with 0 bytes instead of waiting forever.
        var read = await tcp.GetStream().ReadAsync(buffer, Cancel).AsTask().WaitAsync(TimeSpan.FromSeconds(15), Cancel);
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task The_check_fails_while_the_root_directory_is_missing()
    {
        using var dir = new TempDirectory();
        var server = new HttpServerResource { Name = "rooted", Address = "127.0.0.1:0", Root = dir["www/"] };
        await using var harness = await ResourceHarness<HttpServerResource>.StartAsync(server);

        var error = await Assert.ThrowsAsync<IOException>(() => harness.CheckApplyAsync());
        Assert.Contains("does not exist", error.Message);
        Directory.CreateDirectory(dir["www"]);
        Assert.True(await harness.CheckApplyAsync());
    }
}
