namespace Mgmt.Resources;

/// <summary>
/// A resource that adds something to an <c>http:server</c> (a file, a flag endpoint) by being grouped into it. The
/// server runs the members' watches and checks, and routes requests to them.
/// </summary>
internal interface IHttpServerMember
{
    /// <summary>The name of the http:server to join; empty joins any.</summary>
    string Server { get; }

    /// <summary>The public path this member answers (its own path, or a directory prefix ending in <c>/</c>).</summary>
    string PublicPath { get; }
}

/// <summary>Messages shared by the kinds that only work inside an http:server.</summary>
internal static class HttpServerMembership
{
    /// <summary>The error of a member that runs on its own, so that nothing would ever reach it.</summary>
    public static InvalidOperationException NotGrouped(Engine.Resources.Resource member, string server) => new(
        $"{member} is not part of any http:server, so nothing can reach it; " +
        (server.Length > 0
            ? $"add http:server \"{server}\" (named by its 'server' parameter)"
            : "add an http:server resource (and name it in 'server' when there are several)") +
        ", and do not turn autogrouping off for it");

    /// <summary>Checks a public path parameter: absolute, without <c>..</c>.</summary>
    public static void ValidatePublicPath(string path, string what)
    {
        if (!path.StartsWith('/'))
        {
            throw new Engine.Resources.ResourceValidationException($"the {what} '{path}' must be an absolute URL path starting with /");
        }
        if (path.Split('/').Contains(".."))
        {
            throw new Engine.Resources.ResourceValidationException($"the {what} '{path}' must not contain '..'");
        }
    }
}
