namespace Mgmt.Cli.FrontEnds;

/// <summary>
/// A source of resource graphs: a YAML file, an empty graph, later an mcl program or a Puppet manifest. The
/// agent applies each graph it yields; a front end whose input changes yields a new graph each time.
/// </summary>
/// <remarks>
/// Promises: the first result comes as soon as the input was read (a graph, or the errors that stopped it);
/// a later result only when the input changed; errors never throw out of the stream but come as a
/// <see cref="FrontEndResult"/> with diagnostics, so the agent can keep the running graph. The stream ends
/// when the input can no longer change (for instance with <see cref="FrontEndContext.Watch"/> off) or when
/// the token is cancelled.
/// </remarks>
public interface IFrontEnd
{
    /// <summary>A short name for logs: <c>yaml</c>.</summary>
    string Name { get; }

    /// <summary>The input as the user gave it (a file or directory name), published in the cluster status; empty
    /// when the front end has none.</summary>
    string Input => "";

    IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, CancellationToken cancel);
}
