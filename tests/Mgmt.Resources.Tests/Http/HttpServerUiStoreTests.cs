using System.Net;
using Mgmt.Engine.Graph;
using Mgmt.Resources.Tests.Support;
using Mgmt.World;
using Mgmt.World.Embedded;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// <c>store => "world://"</c> on an http:server:ui:input, with the real embedded world: the field starts from the
/// world's value, a value posted in the form is written to the world, and a value written to the world by anyone
/// replaces the form's and is sent on.
/// </summary>
public sealed class HttpServerUiStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_field_follows_the_world_and_the_form_writes_to_it()
    {
        await using var world = await EmbeddedWorld.StartAsync(new WorldOptions { Hostname = "test-host" }, cancellationToken: Cancel);
        await world.SetStringAsync("level", "3", Cancel);
        var server = HttpEngineRun.NewServer();
        var ui = new HttpServerUiResource { Name = "panel", Path = "/ui/" };
        var input = new HttpServerUiInputResource { Name = "level", Store = "world://", Type = "range://?min=0&max=5&step=1" };
        var print = new PrintResource { Name = "shown", Msg = "" };
        var graph = new ResourceGraph { Name = "store" };
        foreach (var r in new Engine.Resources.Resource[] { server, ui, input, print }) graph.AddVertex(r);
        graph.Connect(input, print);
        graph.Bindings.Add(new SendRecvBinding(input, "value", print, "msg"));
        await using var run = await HttpEngineRun.StartAsync(server, graph, world);

        await run.EventuallyAsync(() => print.Msg == "3", "the world's value to be sent");
        Assert.Contains("value=\"3\"", (await run.GetAsync("/ui/")).Body);

        using var form = new FormUrlEncodedContent([new("id", "level"), new("value", "4")]);
        using var posted = await run.Client.PostAsync(run.Url("/ui/"), form, Cancel);
        Assert.True(posted.StatusCode is HttpStatusCode.OK or HttpStatusCode.SeeOther);
        await run.EventuallyAsync(async () => await world.GetStringAsync("level", Cancel) == "4", "the posted value to reach the world");
        await run.EventuallyAsync(() => print.Msg == "4", "the posted value to be sent");

        await world.SetStringAsync("level", "1", Cancel);
        await run.EventuallyAsync(() => print.Msg == "1", "the world's new value to be sent");
        Assert.Contains("value=\"1\"", (await run.GetAsync("/ui/")).Body);
    }

    [Theory]
    [InlineData("local://", "the local store is not supported")]
    [InlineData("etcd://x", "is not known")]
    public void Stores_other_than_the_world_are_refused(string store, string message)
    {
        var input = new HttpServerUiInputResource { Name = "x", Store = store };
        Assert.Contains(message, Assert.Throws<Engine.Resources.ResourceValidationException>(input.Validate).Message);
    }

    [Fact]
    public void A_default_that_does_not_fit_the_range_is_accepted_as_the_reference_does()
    {
        new HttpServerUiInputResource { Name = "r", Type = "range://?min=0&max=5&step=1", Value = "whatever" }.Validate();
        Assert.Equal("world-key", new HttpServerUiInputResource { Name = "r", Store = "world://?key=world-key" }.StoreKey);
        Assert.Equal("r", new HttpServerUiInputResource { Name = "r", Store = "world://" }.StoreKey);
    }
}
