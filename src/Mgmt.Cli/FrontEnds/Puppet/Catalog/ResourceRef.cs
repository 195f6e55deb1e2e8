namespace Mgmt.Cli.FrontEnds.Puppet.Catalog;

/// <summary>Puppet's resource references as a catalog writes them: <c>Type[title]</c>, with each part of the type capitalised.</summary>
internal static class ResourceRef
{
    public static string Format(string type, string title) => $"{type}[{title}]";

    /// <summary>Splits <c>Type[title]</c>; null when the text is not a reference.</summary>
    public static (string Type, string Title)? Parse(string text)
    {
        var open = text.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || !text.EndsWith(']')) return null;
        return (Capitalize(text[..open]), text[(open + 1)..^1]);
    }

    /// <summary><c>demo::thing</c> and <c>Demo::thing</c> both become <c>Demo::Thing</c>, as Puppet writes type names.</summary>
    public static string Capitalize(string type) =>
        string.Join("::", type.Split("::").Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
