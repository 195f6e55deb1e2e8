using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// Base of the library's stream nodes: cancellation by the graph is a normal end, not an error, so a stream that
/// is being torn down returns quietly instead of throwing <see cref="OperationCanceledException"/>.
/// </summary>
internal abstract class StreamNode : StreamFunctionNode
{
    public sealed override async Task RunAsync(IFunctionStream stream, CancellationToken cancel)
    {
        try
        {
            await RunCoreAsync(stream, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Removed from the graph or shutting down.
        }
    }

    /// <summary>The stream's main loop; may throw <see cref="OperationCanceledException"/> on cancel.</summary>
    protected abstract Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel);
}
