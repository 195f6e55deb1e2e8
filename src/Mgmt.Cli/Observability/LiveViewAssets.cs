namespace Mgmt.Cli.Observability;

/// <summary>The live view's page files, embedded in the binary (Observability/Assets/, one resource each).</summary>
internal static class LiveViewAssets
{
    public sealed record Asset(byte[] Bytes, string ContentType);

    private static readonly Dictionary<string, (string Resource, string Type)> Routes = new(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/hosts"] = ("hosts.html", "text/html; charset=utf-8"),
        ["/view.js"] = ("view.js", "text/javascript; charset=utf-8"),
        ["/hosts.js"] = ("hosts.js", "text/javascript; charset=utf-8"),
        ["/view.css"] = ("view.css", "text/css; charset=utf-8"),
    };

    /// <summary>The asset served at <paramref name="path"/>, or null.</summary>
    public static Asset? Find(string path)
    {
        if (!Routes.TryGetValue(path, out var route)) return null;
        using var stream = typeof(LiveViewAssets).Assembly.GetManifestResourceStream("liveview/" + route.Resource);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new Asset(copy.ToArray(), route.Type);
    }
}
