using System.Text.RegularExpressions;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Conformance;

/// <summary>What a case's OUTPUT member expects: a graph printout, or a failure in one phase.</summary>
public abstract record Expectation
{
    public static Expectation Parse(string output)
    {
        if (!output.StartsWith("# err: ", StringComparison.Ordinal)) return new GraphExpectation(output);
        var firstLine = output.Split('\n')[0];
        var category = firstLine["# err: ".Length..].Split(':')[0].Trim();
        return ErrorExpectation.Parse(output, category);
    }
}

/// <summary>The printout of a graph (empty, or <c># empty!</c>, means an empty graph).</summary>
public sealed record GraphExpectation(string Text) : Expectation;

/// <summary>
/// A failure in <see cref="Phase"/> (null when the category is unknown to us), whose message is one of
/// <see cref="Candidates"/>; <see cref="Block"/> is the caret diagnostic the reference logs, if any.
/// </summary>
public sealed partial record ErrorExpectation(string Category, Phase? Phase, IReadOnlyList<string> Candidates, string Block) : Expectation
{
    public static ErrorExpectation Parse(string output, string category)
    {
        var candidates = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var line = raw.StartsWith("# err: ", StringComparison.Ordinal) ? raw["# err: ".Length..] : raw;
            if (line.StartsWith(category + ": ", StringComparison.Ordinal)) line = line[(category.Length + 2)..];
            candidates.Add(line);
        }
        var rest = output["# err: ".Length..];
        if (rest.StartsWith(category + ": ", StringComparison.Ordinal)) rest = rest[(category.Length + 2)..];
        var restLines = rest.Trim('\n').Split('\n');
        var block = string.Join("\n", restLines.Skip(1).Where(l => !l.StartsWith("# err: ", StringComparison.Ordinal)));
        return new ErrorExpectation(category, PhaseOf(category), candidates, block);
    }

    /// <summary>Every <c>file @ L:C-L:C</c> position named by any candidate (the last one of each).</summary>
    public IReadOnlyList<string> Positions =>
        [.. Candidates.Select(c => Byline().Matches(c)).Where(m => m.Count > 0).Select(m => m[^1].Value).Distinct()];

    public static Phase? PhaseOf(string category) => category switch
    {
        "errLexParse" => Lang.Diagnostics.Phase.LexParse,
        "errInit" => Lang.Diagnostics.Phase.Init,
        "errInterpolate" => Lang.Diagnostics.Phase.Interpolate,
        "errSetScope" => Lang.Diagnostics.Phase.SetScope,
        "errUnify" => Lang.Diagnostics.Phase.Unify,
        "errGraph" => Lang.Diagnostics.Phase.Graph,
        "errStream" => Lang.Diagnostics.Phase.Stream,
        "errInterpret" => Lang.Diagnostics.Phase.Interpret,
        "errAutoEdge" => Lang.Diagnostics.Phase.AutoEdge,
        "errValidate" => Lang.Diagnostics.Phase.Validate,
        _ => null,
    };

    [GeneratedRegex(@"/[^\s:,@]* @ \d+:\d+-\d+:\d+")]
    internal static partial Regex Byline();
}
