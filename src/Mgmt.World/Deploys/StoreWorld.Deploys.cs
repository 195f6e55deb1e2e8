using Mgmt.World.Deploys;

namespace Mgmt.World.Core;

public abstract partial class StoreWorld
{
    private DeployArea? _deploys;

    /// <summary>The cluster's deploys (docs/deploys.md).</summary>
    public DeployArea Deploys => _deploys ??= new DeployArea(Calls, Layout, this);
}
