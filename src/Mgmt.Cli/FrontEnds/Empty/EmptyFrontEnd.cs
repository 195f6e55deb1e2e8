using System.Runtime.CompilerServices;
using Mgmt.Engine.Graph;

namespace Mgmt.Cli.FrontEnds.Empty;

/// <summary>
/// Runs an empty graph: the agent starts, owns nothing, and (later) takes part in a cluster and waits for
/// deploys. With <c>--converged-exit</c> it exits once the converger timeout passes.
/// </summary>
public sealed class EmptyFrontEnd : IFrontEnd
{
    public string Name => "empty";

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        yield return FrontEndResult.Of(new ResourceGraph { Name = "empty" });
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
