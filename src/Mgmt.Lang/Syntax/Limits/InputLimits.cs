namespace Mgmt.Lang.Syntax.Limits;

/// <summary>
/// The largest inputs the front ends accept. Past them an input is refused with a positioned error rather than
/// risking the agent: each compiler pass walks the syntax tree recursively, so an unbounded nesting depth would
/// exhaust the call stack (which aborts the process), and an unbounded size would exhaust memory. The limits are
/// far above what people write; docs/language.md and docs/yaml.md state them.
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// The largest source file, in bytes (8 MiB): an mcl file, a module's <c>metadata.yaml</c>, or a YAML graph.
    /// A 10,000-line program is about 400 KiB.
    /// </summary>
    public const int MaxSourceBytes = 8 * 1024 * 1024;

    /// <summary>
    /// The largest YAML graph file, in bytes (64 MiB). A graph is data, not code, and grows with the machine it
    /// describes: 100,000 file resources take about 10 MiB. The YAML reader streams the file resource by resource,
    /// so the size costs memory in proportion to the graph it holds, not to a document tree.
    /// </summary>
    public const int MaxYamlGraphBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The deepest mcl syntax tree: brackets, blocks, function bodies and calls each add a level, and so does each
    /// operator of a chain such as <c>1 + 2 + 3</c> (it is a tree of nested operations).
    /// </summary>
    public const int MaxNesting = 1000;

    /// <summary>The deepest nesting of YAML lists and mappings in a YAML graph.</summary>
    public const int MaxYamlNesting = 200;

    /// <summary>The message for a file over <paramref name="maxBytes"/>, one of the limits above.</summary>
    public static string TooLarge(int maxBytes) =>
        $"the file is larger than the {Describe(maxBytes)} a {(maxBytes == MaxYamlGraphBytes ? "YAML graph" : "source file")} may hold; split it into smaller files";

    /// <summary><paramref name="bytes"/> in words a user reads: <c>8 MiB</c>, <c>269.5 MiB</c>.</summary>
    public static string Describe(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / (1024.0 * 1024):0.#} MiB";
}
