using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>
/// <c>http:server:proxy</c>: a caching proxy inside an <c>http:server</c>. A GET or HEAD below the public path
/// (<see cref="Path"/>, or the name; ending in <c>/</c> it takes a whole tree) is answered from <see cref="Cache"/>
/// when the file is there, else fetched from <see cref="Head"/> and relayed, and stored in the cache on the way
/// (GET only). The upstream URL is <see cref="Head"/> followed by the request path less its <see cref="Sub"/> prefix;
/// the cache file is <see cref="Cache"/> followed by the request path less the public path. It works only grouped
/// into an http:server.
/// </summary>
/// <remarks>
/// Nothing on the machine is managed, so a check always finds it right. A cached file is written to a temporary
/// name and renamed only once the whole body arrived: a cut download never leaves a partial file in the cache.
/// Cached files are kept until someone removes them (no expiry).
/// </remarks>
[ResourceKind("http:server:proxy")]
public sealed partial class HttpServerProxyResource : Resource, IGroupable, IHttpServerMember
{
    // Upstream requests: no overall timeout (a large download takes what it takes; the client leaving or the
    // server stopping cancels it), redirects followed as any client would.
    private static readonly HttpClient Upstream = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private bool _toldNotGrouped;

    /// <summary>The http:server to join; empty joins the only one (with several, name it).</summary>
    [Param("server")]
    public string Server { get; set; } = "";

    /// <summary>The URL path (or, ending in /, the tree) the proxy answers; empty means the resource's name.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>The prefix (an absolute directory, ending in /) taken off the request path before it is appended to <see cref="Head"/>.</summary>
    [Param("sub")]
    public string Sub { get; set; } = "";

    /// <summary>The upstream URL prefix, ending in /; empty: answer from the cache only.</summary>
    [Param("head")]
    public string Head { get; set; } = "";

    /// <summary>An absolute directory (ending in /) where fetched files are kept; empty: nothing is kept.</summary>
    [Param("cache")]
    public string Cache { get; set; } = "";

    public string PublicPath => Path.Length > 0 ? Path : Name;

    public override void Validate()
    {
        HttpServerMembership.ValidatePublicPath(PublicPath, "proxy path");
        if (Sub.Length > 0 && (!Sub.StartsWith('/') || !Sub.EndsWith('/')))
        {
            throw new ResourceValidationException($"sub '{Sub}' must be an absolute URL directory: start and end with /");
        }
        if (Head.Length > 0)
        {
            if (!Head.EndsWith('/')) throw new ResourceValidationException($"head '{Head}' must end with / (the request path is appended to it)");
            if (!Uri.TryCreate(Head, UriKind.Absolute, out var head) || head.Scheme is not ("http" or "https"))
            {
                throw new ResourceValidationException($"head '{Head}' must be an http:// or https:// URL");
            }
        }
        if (Cache.Length > 0 && (!Cache.StartsWith('/') || !Cache.EndsWith('/')))
        {
            throw new ResourceValidationException($"cache '{Cache}' must be an absolute directory path: start and end with /");
        }
        if (Head.Length == 0 && Cache.Length == 0) throw new ResourceValidationException("set head (where to fetch from), cache (where fetched files are kept), or both");
    }

    /// <summary>True when this proxy takes requests for <paramref name="path"/>.</summary>
    internal bool Answers(string path) => PublicPath.EndsWith('/') ? path.StartsWith(PublicPath, StringComparison.Ordinal) : path == PublicPath;

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        HttpServerMembership.WarnNotGrouped(this, Server, Context.Logger, ref _toldNotGrouped);
        return Task.FromResult(true);
    }

    /// <summary>Proxies join an http:server, not each other.</summary>
    public bool CanGroupWith(Resource other) => false;
}
