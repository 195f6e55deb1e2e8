using Mgmt.Engine.Graph;

namespace Mgmt.Cli.FrontEnds;

/// <summary>One output of a front end: a graph to apply, or the problems that kept it from making one.</summary>
public sealed class FrontEndResult
{
    private FrontEndResult(ResourceGraph? graph, IReadOnlyList<SourceDiagnostic> errors)
    {
        Graph = graph;
        Errors = errors;
    }

    /// <summary>The graph, or null when <see cref="Errors"/> is not empty.</summary>
    public ResourceGraph? Graph { get; }

    /// <summary>What is wrong with the input, each with its place in the source.</summary>
    public IReadOnlyList<SourceDiagnostic> Errors { get; }

    public static FrontEndResult Of(ResourceGraph graph) => new(graph, []);

    public static FrontEndResult Failed(IReadOnlyList<SourceDiagnostic> errors) =>
        errors.Count == 0 ? throw new ArgumentException("a failed result needs at least one error") : new(null, errors);
}
