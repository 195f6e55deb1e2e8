using System.Runtime.CompilerServices;
using Mgmt.Cli.Agent;
using Mgmt.Cli.Deploys;
using Mgmt.Engine.Graph;
using Mgmt.World;
using Mgmt.World.Core;
using Mgmt.World.Embedded;

namespace Mgmt.Cli.FrontEnds.Empty;

/// <summary>
/// Runs an empty graph: the agent starts and owns nothing. In a cluster it follows the deploys (docs/deploys.md):
/// it runs the latest deploy it can verify and compile, and each new one after. With <c>--converged-exit</c> it
/// exits once the converger timeout passes.
/// </summary>
public sealed class EmptyFrontEnd : IFrontEnd
{
    public string Name => "empty";

    /// <summary>Off for a deploy of kind <c>empty</c> (an empty graph, not a follower inside a follower).</summary>
    public bool FollowDeploys { get; init; } = true;

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        if (FollowDeploys && context.Services.GetService(typeof(IWorld)) is StoreWorld world and not EmbeddedWorld)
        {
            var policy = context.Services.GetService(typeof(DeployPolicy)) as DeployPolicy ?? DeployPolicy.Closed;
            var status = context.Services.GetService(typeof(HostStatusPublisher)) as HostStatusPublisher;
            var follower = new DeployFollower(world.Deploys, world, policy, status);
            await foreach (var result in follower.GraphsAsync(context, cancel).ConfigureAwait(false)) yield return result;
            yield break;
        }
        yield return FrontEndResult.Of(new ResourceGraph { Name = "empty" });
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
