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
    /// <summary>
    /// A member that runs on its own (its server is not in the graph, or autogrouping is off for it) is left alone,
    /// as the reference does: nothing reaches it and its check changes nothing. It says so once, at warning level.
    /// </summary>
    public static bool WarnNotGrouped(Engine.Resources.Resource member, string server, Microsoft.Extensions.Logging.ILogger logger, ref bool told)
    {
        if (member.GroupParent is HttpServerResource) return false;
        if (!told) HttpLog.NotGrouped(logger, NotGroupedText(member, server));
        told = true;
        return true;
    }

    private static string NotGroupedText(Engine.Resources.Resource member, string server) =>
        $"{member} is not part of any http:server, so nothing can reach it; " +
        (server.Length > 0
            ? $"add http:server \"{server}\" (named by its 'server' parameter)"
            : "add an http:server resource (and name it in 'server' when there are several)") +
        ", and do not turn autogrouping off for it";

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
