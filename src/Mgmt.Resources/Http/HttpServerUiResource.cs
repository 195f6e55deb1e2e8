using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;

namespace Mgmt.Resources;

/// <summary>
/// <c>http:server:ui</c>: a small web form served by an <c>http:server</c> at <see cref="Path"/> (or the name). The
/// page is plain HTML (no script needed): one form per <c>http:server:ui:input</c> of this ui, in their
/// <c>sort</c> order, each posting back to the same address. A valid submission updates that input (which sends
/// its new value on) and the browser is sent back to the page.
/// </summary>
/// <remarks>
/// Inputs name this ui with their <c>path</c> parameter (its resource name). <see cref="Data"/> sets the page title
/// and extra markup for the head. It works only grouped into an http:server.
/// </remarks>
[ResourceKind("http:server:ui")]
public sealed class HttpServerUiResource : Resource, IGroupable, IHttpServerMember
{
    /// <summary>The mcl type of <see cref="Data"/>.</summary>
    public const string DataMclType = "struct{title str; head str}";

    private HttpServerUiInputResource[] _inputs = [];

    private bool _toldNotGrouped; // the warning of a member left without a server is said once

    /// <summary>The http:server to join; empty joins the only one (with several, name it).</summary>
    [Param("server")]
    public string Server { get; set; } = "";

    /// <summary>The URL path of the page; empty means the resource's name.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>
    /// <c>title</c>: the page title; <c>head</c>: markup added inside the page's head as it is (it is HTML: only put
    /// there what you trust).
    /// </summary>
    [Param("data", Type = DataMclType)]
    public Value? Data { get; set; }

    public string PublicPath => Path.Length > 0 ? Path : Name;

    /// <summary>The page title: the data's title, or the public path.</summary>
    public string Title => Field("title") is { Length: > 0 } title ? title : PublicPath;

    /// <summary>Extra markup for the head, as written.</summary>
    public string Head => Field("head") ?? "";

    /// <summary>The inputs handed to this ui by its server, in display order.</summary>
    internal IReadOnlyList<HttpServerUiInputResource> Inputs => _inputs;

    private string? Field(string name) =>
        Data is StructValue s && s.TryGet(name, out var v) && v is StrValue text ? text.V : null;

    public override void Validate() => HttpServerMembership.ValidatePublicPath(PublicPath, "ui path");

    /// <summary>Sets the inputs of this ui (display order: sort key, then id). Called by the server before it serves.</summary>
    internal void Attach(IEnumerable<HttpServerUiInputResource> inputs)
    {
        _inputs = [.. inputs.OrderBy(i => i.Sort, StringComparer.Ordinal).ThenBy(i => i.EffectiveId, StringComparer.Ordinal)];
        foreach (var input in _inputs) input.Ui = this;
    }

    /// <summary>True when this ui answers <paramref name="path"/>: its path, or its index.html when the path is a directory.</summary>
    internal bool Answers(string path) =>
        path == PublicPath || (PublicPath.EndsWith('/') && path == PublicPath + "index.html");

    /// <summary>Answers a request for the page: GET/HEAD show it, POST takes one field's value.</summary>
    internal HttpServerResponse Serve(HttpServerRequest request)
    {
        switch (request.Method)
        {
            case "GET" or "HEAD":
                return HttpServerResponse.Content(200, UiPage.Render(this), "text/html; charset=utf-8");
            case "POST":
                return Submit(request);
            default:
                return HttpServerResponse.MethodNotAllowed("GET", "HEAD", "POST");
        }
    }

    private HttpServerResponse Submit(HttpServerRequest request)
    {
        var id = request.FormValue("id");
        if (string.IsNullOrEmpty(id)) return HttpServerResponse.Text(400, "the form has no 'id' field naming the input to set");
        var input = _inputs.FirstOrDefault(i => i.EffectiveId == id);
        if (input is null) return HttpServerResponse.Text(400, $"this page has no input with the id '{id}'");
        if (request.FormValue("value") is not { } value) return HttpServerResponse.Text(400, $"the form for '{id}' has no 'value' field");
        if (input.Submit(value) is { } problem) return HttpServerResponse.Text(400, $"the value for '{id}' was refused: {problem}");
        var back = HttpServerResponse.Text(303, "saved");
        back.Headers["Location"] = PublicPath;
        return back;
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (HttpServerMembership.WarnNotGrouped(this, Server, Context.Logger, ref _toldNotGrouped)) return Task.FromResult(true);
        var twice = _inputs.GroupBy(i => i.EffectiveId).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InvalidOperationException(
                $"{this} has several inputs with the id '{twice.Key}' ({string.Join(", ", twice)}); give each input of a ui its own id");
        }
        return Task.FromResult(true);
    }

    /// <summary>Takes the inputs that name this ui (or none) when there is no server to hand them over.</summary>
    public bool CanGroupWith(Resource other) =>
        other is HttpServerUiInputResource input && (input.Path.Length == 0 || input.Path == Name);
}
