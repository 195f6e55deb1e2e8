namespace Mgmt.Cli.FrontEnds;

/// <summary>
/// A front end whose <c>check</c> is more than reading its first graph. The mcl front end compiles the program and
/// builds its function graph without running it: running would touch nothing, but could wait on streams (the
/// clock, a file) for ever before the first graph.
/// </summary>
public interface ICheckingFrontEnd : IFrontEnd
{
    /// <summary>
    /// Checks the input as <c>run</c> would read it, without running anything. Problems come back in the result,
    /// never as exceptions.
    /// </summary>
    Task<FrontEndCheck> CheckAsync(FrontEndContext context, CancellationToken cancel);
}

/// <summary>The outcome of <see cref="ICheckingFrontEnd.CheckAsync"/>: the problems (none when fine) and a one-line summary.</summary>
public sealed record FrontEndCheck(IReadOnlyList<SourceDiagnostic> Errors, string Summary)
{
    public bool Ok => Errors.Count == 0;
}
