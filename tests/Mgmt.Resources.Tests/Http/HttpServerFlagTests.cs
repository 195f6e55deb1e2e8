using Mgmt.Engine.Graph;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// http:server:flag on the real engine: a request carrying the key sets the value, which is sent over send/recv
/// to a receiver at once; other methods are refused.
/// </summary>
public sealed class HttpServerFlagTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static (ResourceGraph Graph, PrintResource Print) FlagToPrint(HttpServerResource server, HttpServerFlagResource flag)
    {
        var print = new PrintResource { Name = "shown", Meta = Engine.Resources.MetaParams.Default with { AutoGroup = false } };
        var graph = new ResourceGraph { Name = "flag-test" };
        graph.AddVertex(server);
        graph.AddVertex(flag);
        graph.AddVertex(print);
        graph.Connect(flag, print);
        graph.Bindings.Add(new SendRecvBinding(flag, "value", print, "msg"));
        return (graph, print);
    }

    [Fact]
    public async Task A_post_with_the_key_sets_the_value_and_it_is_sent_to_the_receiver()
    {
        var server = HttpEngineRun.NewServer();
        var flag = new HttpServerFlagResource { Name = "/flag1", Key = "key" };
        var (graph, print) = FlagToPrint(server, flag);
        await using var run = await HttpEngineRun.StartAsync(server, graph);
        Assert.Equal("", print.Msg);

        using (var posted = await run.Client.PostAsync(run.Url("/flag1"),
            new FormUrlEncodedContent([new("key", "foo"), new("blah", "bar")]), Cancel))
        {
            Assert.Equal(200, (int)posted.StatusCode);
        }
        await run.EventuallyAsync(() => print.Msg == "foo", "the posted value to reach the print");

        // The query string works too, and a new value replaces the old one.
        using (var again = await run.Client.PostAsync(run.Url("/flag1?key=bar%20baz"), null, Cancel))
        {
            Assert.Equal(200, (int)again.StatusCode);
        }
        await run.EventuallyAsync(() => print.Msg == "bar baz", "the second value to reach the print");

        using var get = await run.Client.GetAsync(run.Url("/flag1?key=nope"), Cancel);
        Assert.Equal(405, (int)get.StatusCode);
        Assert.Contains("POST", get.Content.Headers.Allow);
        Assert.Equal("bar baz", print.Msg);
    }

    [Fact]
    public async Task A_flag_with_another_method_and_path_parameter_answers_that()
    {
        var server = HttpEngineRun.NewServer();
        var flag = new HttpServerFlagResource { Name = "switch", Path = "/switch", Key = "on", Method = "put" };
        var (graph, print) = FlagToPrint(server, flag);
        await using var run = await HttpEngineRun.StartAsync(server, graph);

        using var put = await run.Client.PutAsync(run.Url("/switch"), new FormUrlEncodedContent([new("on", "yes")]), Cancel);
        Assert.Equal(200, (int)put.StatusCode);
        await run.EventuallyAsync(() => print.Msg == "yes", "the PUT value to reach the print");
        Assert.Equal(404, (await run.GetAsync("/flag1")).Status);
    }
}
