using Mgmt.Engine.Graph;

namespace Mgmt.Cli.FrontEnds;

/// <summary>One output of a front end: a graph to apply, or the problems that kept it from making one.</summary>
public sealed class FrontEndResult
{
    private FrontEndResult(ResourceGraph? graph, IReadOnlyList<SourceDiagnostic> errors, bool programStopped = false, bool finished = false)
    {
        Graph = graph;
        Errors = errors;
        ProgramStopped = programStopped;
        Finished = finished;
    }

    /// <summary>
    /// True when the front end did all it was asked without any graph to run (<c>run lang --only-download</c>): the
    /// agent stops with success.
    /// </summary>
    public bool Finished { get; }

    /// <summary>The front end's work is done and there is nothing to run (see <see cref="Finished"/>).</summary>
    public static FrontEndResult Done { get; } = new(null, [], finished: true);

    /// <summary>The graph, or null when <see cref="Errors"/> is not empty.</summary>
    public ResourceGraph? Graph { get; }

    /// <summary>What is wrong with the input, each with its place in the source.</summary>
    public IReadOnlyList<SourceDiagnostic> Errors { get; }

    /// <summary>
    /// True when the running program itself stopped on these errors (an mcl run-time error), rather than a new
    /// input being refused: no graph follows until the input changes, and the agent reports the failure in its
    /// exit code (the last graph keeps running meanwhile).
    /// </summary>
    public bool ProgramStopped { get; }

    public static FrontEndResult Of(ResourceGraph graph) => new(graph, []);

    public static FrontEndResult Failed(IReadOnlyList<SourceDiagnostic> errors) =>
        errors.Count == 0 ? throw new ArgumentException("a failed result needs at least one error") : new(null, errors);

    /// <summary>The running program stopped on <paramref name="errors"/> (see <see cref="ProgramStopped"/>).</summary>
    public static FrontEndResult Stopped(IReadOnlyList<SourceDiagnostic> errors) =>
        errors.Count == 0 ? throw new ArgumentException("a failed result needs at least one error") : new(null, errors, true);
}
