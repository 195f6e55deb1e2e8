using YamlDotNet.Core;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// One value of a YAML graph file, with where it starts. The reader builds these for one resource (or one edge,
/// one meta mapping) at a time from the parser's events, never for the whole file: a graph of 100,000 resources
/// would otherwise hold a tree of 100,000 mappings before the first resource exists.
/// </summary>
internal abstract class YNode(Mark start)
{
    /// <summary>Where the value starts (1-based line and column), for messages.</summary>
    public Mark Start { get; } = start;
}

/// <summary>A scalar: its text as written (quotes removed) and how it was quoted, which decides its type.</summary>
internal sealed class YScalar(Mark start, string value, ScalarStyle style, string tag) : YNode(start)
{
    /// <summary>The text; empty for an empty value.</summary>
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    /// <summary>The explicit tag (<c>!!str</c>...), empty without one; part of a key's identity.</summary>
    public string Tag { get; } = tag;

    /// <summary>The same text as an unquoted scalar: to tell a user that removing the quotes would make it fit.</summary>
    public YScalar AsPlain() => new(Start, Value, ScalarStyle.Plain, "");
}

/// <summary>A list.</summary>
internal sealed class YList(Mark start) : YNode(start)
{
    public List<YNode> Children { get; } = [];
}

/// <summary>A mapping, its entries in the order written.</summary>
internal sealed class YMap(Mark start) : YNode(start)
{
    public List<KeyValuePair<YNode, YNode>> Children { get; } = [];
}
