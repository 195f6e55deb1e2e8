using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;

namespace Mgmt.Resources;

/// <summary>
/// <c>http:server:flag</c>: an endpoint of an <c>http:server</c> that takes a value from the requests it gets and
/// sends it (<c>value</c>) to send/recv receivers. The public path is <see cref="Path"/>, or the name. A request
/// with the path and method (POST unless told otherwise) sets the value from the form field <see cref="Key"/>
/// (url-encoded body first, then query string); an empty or missing field clears it. Each such request wakes the
/// server's watch, so the new value flows at once. It works only grouped into an http:server.
/// </summary>
/// <remarks>
/// The value sent is the empty string while nothing is set. A check reports a change when the value differs from
/// what the previous check sent.
/// </remarks>
[ResourceKind("http:server:flag")]
[Sends("value", "str")]
public sealed class HttpServerFlagResource : Resource, ISendable, IGroupable, IHttpServerMember
{
    private readonly Lock _lock = new();
    private string? _value; // from the latest request; guarded by _lock
    private string? _sent;  // what the previous check sent; guarded by _lock

    private bool _toldNotGrouped; // the warning of a member left without a server is said once

    /// <summary>The http:server to join; empty joins the only one (with several, name it).</summary>
    [Param("server")]
    public string Server { get; set; } = "";

    /// <summary>The URL path of the endpoint; empty means the resource's name.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>The form field whose value is taken; empty takes none (requests still wake the graph).</summary>
    [Param("key")]
    public string Key { get; set; } = "";

    /// <summary>The HTTP method the endpoint answers; empty means POST.</summary>
    [Param("method")]
    public string Method { get; set; } = "";

    public string PublicPath => Path.Length > 0 ? Path : Name;

    /// <summary>The method requests must use, in upper case.</summary>
    internal string EffectiveMethod => Method.Length > 0 ? Method.ToUpperInvariant() : "POST";

    public override void Validate()
    {
        HttpServerMembership.ValidatePublicPath(PublicPath, "flag path");
        if (Method.Length > 0 && !Method.All(char.IsAsciiLetter))
        {
            throw new ResourceValidationException($"the method '{Method}' is not an HTTP method; use one such as POST, PUT or GET");
        }
        if (EffectiveMethod is "HEAD" or "OPTIONS" or "CONNECT" or "TRACE")
        {
            throw new ResourceValidationException($"the method {EffectiveMethod} cannot carry a flag value; use POST, PUT, PATCH or GET");
        }
    }

    /// <summary>True when this flag takes requests on <paramref name="path"/> (whatever the method).</summary>
    internal bool Answers(string path) => path == PublicPath;

    /// <summary>Takes the value of one request to this flag and wakes the graph. Called from the server's request handler.</summary>
    internal void Take(HttpServerRequest request)
    {
        if (Key.Length > 0)
        {
            var value = request.FormValue(Key);
            lock (_lock) _value = string.IsNullOrEmpty(value) ? null : value;
            HttpLog.FlagReceived(Context.Logger, Key, value ?? "");
        }
        Context.Event();
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (HttpServerMembership.WarnNotGrouped(this, Server, Context.Logger, ref _toldNotGrouped)) return Task.FromResult(true);
        string value;
        bool same;
        lock (_lock)
        {
            same = _value == _sent;
            if (!same) Context.Changes.Set("value", _sent, _value);
            _sent = _value;
            value = _value ?? "";
        }
        Context.Send(new Dictionary<string, Value> { ["value"] = Value.Str(value) });
        return Task.FromResult(same);
    }

    /// <summary>Flags join an http:server, not each other: two flags on one path both take each request.</summary>
    public bool CanGroupWith(Resource other) => false;
}
