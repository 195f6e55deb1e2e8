namespace Mgmt.World.Etcd;

/// <summary>Checks and splits the URL lists of the command line (<c>--seeds</c>, <c>--client-urls</c>, ...).</summary>
public static class EtcdUrls
{
    /// <summary>Splits a list given as <c>a,b</c>, <c>a;b</c> or <c>a b</c> (repeated flags are joined by the caller).</summary>
    public static IReadOnlyList<string> Split(string list) =>
        list.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Throws <see cref="WorldException"/> unless <paramref name="url"/> is an http URL with a host and a port.</summary>
    public static Uri ValidateClientUrl(string url, string flag)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new WorldException($"{flag}: \"{url}\" is not a URL such as http://127.0.0.1:2379 (scheme http or https, a host and a port)");
        }
        if (uri.IsDefaultPort && !url.Contains($":{uri.Port}", StringComparison.Ordinal))
        {
            throw new WorldException($"{flag}: \"{url}\" has no port: write it as {uri.Scheme}://{uri.Host}:PORT (etcd's client port is usually 2379, its peer port 2380)");
        }
        if (uri.AbsolutePath is not ("/" or ""))
        {
            throw new WorldException($"{flag}: \"{url}\" has a path; etcd URLs are only scheme, host and port");
        }
        return uri;
    }
}
