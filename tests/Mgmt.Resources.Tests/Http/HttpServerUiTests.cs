using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Values;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// http:server:ui and http:server:ui:input on the real engine: the page lists the fields in their sort order with
/// their values, a posted value is kept, shown, and sent over send/recv; bad submissions are refused.
/// </summary>
public sealed class HttpServerUiTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Value PageData(string title, string head) =>
        new StructValue((StructType)DataType.Parse(HttpServerUiResource.DataMclType), [Value.Str(title), Value.Str(head)]);

    private static HttpServerUiResource Form() => new() { Name = "form", Path = "/ui/", Data = PageData("Knobs & dials", "<meta name=\"x-test\" content=\"yes\">") };

    /// <summary>A server with the ui at /ui/ and the given inputs; the first input's value is sent to a print.</summary>
    private static (ResourceGraph Graph, PrintResource Print) UiGraph(HttpServerResource server, params HttpServerUiInputResource[] inputs)
    {
        var print = new PrintResource { Name = "shown", Meta = MetaParams.Default with { AutoGroup = false } };
        var graph = new ResourceGraph { Name = "ui-test" };
        graph.AddVertex(server);
        graph.AddVertex(Form());
        foreach (var input in inputs) graph.AddVertex(input);
        graph.AddVertex(print);
        graph.Connect(inputs[0], print);
        graph.Bindings.Add(new SendRecvBinding(inputs[0], "value", print, "msg"));
        return (graph, print);
    }

    private static async Task<(int Status, string Body)> PostAsync(HttpEngineRun run, string path, params KeyValuePair<string, string>[] fields)
    {
        using var response = await run.Client.PostAsync(run.Url(path), new FormUrlEncodedContent(fields), Cancel);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task The_page_lists_the_fields_in_sort_order_and_a_posted_value_is_kept_shown_and_sent()
    {
        var server = HttpEngineRun.NewServer();
        var name = new HttpServerUiInputResource { Name = "name", Path = "form", Value = "world", Sort = "b" };
        var level = new HttpServerUiInputResource { Name = "level", Id = "volume", Path = "form", Type = "range://?min=0&max=10&step=2", Value = "4", Sort = "a" };
        var (graph, print) = UiGraph(server, name, level);
        await using var run = await HttpEngineRun.StartAsync(server, graph);
        await run.EventuallyAsync(() => print.Msg == "world", "the default value to reach the print");

        var (status, page) = await run.GetAsync("/ui/");
        Assert.Equal(200, status);
        Assert.Contains("<title>Knobs &amp; dials</title>", page);
        Assert.Contains("<meta name=\"x-test\" content=\"yes\">", page);
        Assert.Contains("type=\"range\" min=\"0\" max=\"10\" step=\"2\" value=\"4\"", page);
        Assert.Contains("name=\"value\" type=\"text\" value=\"world\"", page);
        Assert.True(page.IndexOf("value=\"volume\"", StringComparison.Ordinal) < page.IndexOf("value=\"name\"", StringComparison.Ordinal),
            "the field sorted 'a' comes before the one sorted 'b'");
        Assert.Equal(page, (await run.GetAsync("/ui/index.html")).Body);

        // The form posts back to the page; the client follows the 303 to the page, which shows the new value.
        var (posted, after) = await PostAsync(run, "/ui/", new("id", "name"), new("value", "<b>mgmt</b>"));
        Assert.Equal(200, posted);
        Assert.Contains("value=\"&lt;b&gt;mgmt&lt;/b&gt;\"", after);
        await run.EventuallyAsync(() => print.Msg == "<b>mgmt</b>", "the posted value to reach the print");
        Assert.Equal("<b>mgmt</b>", name.Current);
    }

    [Fact]
    public async Task Bad_submissions_are_refused_with_a_reason_and_change_nothing()
    {
        var server = HttpEngineRun.NewServer();
        var level = new HttpServerUiInputResource { Name = "level", Type = "range://?min=0&max=10", Value = "3" };
        var (graph, print) = UiGraph(server, level);
        await using var run = await HttpEngineRun.StartAsync(server, graph);
        await run.EventuallyAsync(() => print.Msg == "3", "the default value to reach the print");

        var (status, body) = await PostAsync(run, "/ui/", new("id", "level"), new("value", "11"));
        Assert.Equal(400, status);
        Assert.Contains("above the maximum 10", body);
        (status, body) = await PostAsync(run, "/ui/", new("id", "nope"), new("value", "1"));
        Assert.Equal(400, status);
        Assert.Contains("no input with the id 'nope'", body);
        (status, _) = await PostAsync(run, "/ui/", [new("value", "1")]);
        Assert.Equal(400, status);
        using var put = await run.Client.PutAsync(run.Url("/ui/"), new StringContent("x"), Cancel);
        Assert.Equal(405, (int)put.StatusCode);

        Assert.Equal("3", level.Current);
        (status, _) = await PostAsync(run, "/ui/", new("id", "level"), new("value", "7"));
        Assert.Equal(200, status);
        await run.EventuallyAsync(() => print.Msg == "7", "the accepted value to reach the print");
    }

    [Fact]
    public async Task An_input_whose_ui_is_missing_fails_with_a_message_that_says_what_to_add()
    {
        var web = HttpEngineRun.NewServer("web");
        var lost = new HttpServerUiInputResource { Name = "lost", Path = "elsewhere" };
        await using var run = await HttpEngineRun.StartAsync(web, Form(), lost);

        await run.EventuallyAsync(() => run.StatusOf("http:server:ui:input", "lost").State == VertexState.Failed, "the lonely input to fail");
        var error = run.StatusOf("http:server:ui:input", "lost").LastError;
        Assert.Contains("is not part of any http:server:ui", error);
        Assert.Contains("http:server:ui \"elsewhere\"", error);
        Assert.Equal(VertexState.Ok, run.StatusOf("http:server", "web").State);
        Assert.Equal(200, (await run.GetAsync("/ui/")).Status);
    }

    [Fact]
    public async Task Two_inputs_with_one_id_in_a_ui_fail_the_server_check_with_both_named()
    {
        var web = HttpEngineRun.NewServer("web");
        var graph = new ResourceGraph { Name = "ui-dup" };
        graph.AddVertex(web);
        graph.AddVertex(Form());
        graph.AddVertex(new HttpServerUiInputResource { Name = "a", Id = "same" });
        graph.AddVertex(new HttpServerUiInputResource { Name = "b", Id = "same" });
        // The server's first check fails, so wait for the failure rather than for a good check.
        await using var run = await HttpEngineRun.CommitAsync(web, graph);
        await run.EventuallyAsync(() => run.StatusOf("http:server", "web").LastError?.Contains("several inputs with the id 'same'") == true,
            "the server check to refuse the duplicate id");
        Assert.Contains("http:server:ui:input[a]", run.StatusOf("http:server", "web").LastError);
    }

    [Fact]
    public void A_store_with_a_value_and_an_unknown_type_are_refused_at_validation()
    {
        Assert.Contains("not both", Assert.Throws<ResourceValidationException>(
            new HttpServerUiInputResource { Name = "x", Store = "world://", Value = "1" }.Validate).Message);
        Assert.Contains("not known", Assert.Throws<ResourceValidationException>(
            new HttpServerUiInputResource { Name = "x", Type = "checkbox://" }.Validate).Message);
    }

    [Theory]
    [InlineData("range://?min=5&max=1", "above max")]
    [InlineData("range://?step=0", "at least 1")]
    [InlineData("range://?min=x", "whole number")]
    [InlineData("range://?color=red", "only min, max and step")]
    [InlineData("text://?max=3", "takes none")]
    public void Bad_types_are_refused_with_a_reason(string type, string reason)
    {
        var e = Assert.Throws<ResourceValidationException>(new HttpServerUiInputResource { Name = "x", Type = type }.Validate);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_default_value_need_not_fit_the_type_but_a_submitted_one_must_and_a_ui_path_must_be_absolute()
    {
        // The reference lets any default through (its programs pass placeholders); the form still checks posts.
        new HttpServerUiInputResource { Name = "x", Type = "range://?min=1", Value = "0" }.Validate();
        Assert.Equal("0 is below the minimum 1", UiInputType.Parse("range://?min=1").Problem("0"));
        new HttpServerUiInputResource { Name = "x", Type = "range", Value = "-3" }.Validate();
        Assert.Contains("absolute", Assert.Throws<ResourceValidationException>(new HttpServerUiResource { Name = "ui" }.Validate).Message);
    }
}
