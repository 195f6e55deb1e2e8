using Mgmt.Engine.Resources;
using Mgmt.World;

namespace Mgmt.Resources;

/// <summary>
/// <c>config:etcd</c>: keeps the cluster's settings at the given values; today the ideal cluster size (how many
/// agents run an etcd member), which the cluster's leader follows within seconds. It watches the stored value, so a
/// change made elsewhere (<c>mgmt cluster size</c>, another host's program) is put back.
/// </summary>
/// <remarks>
/// The reference let a size of 0 shut the whole cluster down (with <see cref="AllowSizeShutdown"/>); that is not
/// built here: a size of 0 is refused, whatever <see cref="AllowSizeShutdown"/> says. Stop the agents instead.
/// </remarks>
[ResourceKind("config:etcd")]
public sealed class ConfigEtcdResource : Resource
{
    private IWorld? _world;
    private CancellationToken _stopping;

    /// <summary>How many agents run an etcd member: 1 to <see cref="ClusterStatus.MaxIdealSize"/>.</summary>
    [Param("idealclustersize")]
    public long IdealClusterSize { get; set; }

    /// <summary>The reference's safety switch for a size of 0 (a cluster-wide shutdown); accepted, and size 0 is still refused.</summary>
    [Param("allow_size_shutdown")]
    public bool AllowSizeShutdown { get; set; }

    public override void Validate()
    {
        if (IdealClusterSize == 0)
        {
            throw new ResourceValidationException(
                "idealclustersize is 0: shutting the whole cluster down through its size is not supported (stop the agents instead); give 1 or more"
                + (AllowSizeShutdown ? " (allow_size_shutdown does not change this)" : ""));
        }
        ClusterWorld.Validate(() => ClusterStatus.ValidateIdealSize((int)Math.Clamp(IdealClusterSize, int.MinValue, int.MaxValue)));
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _world = ClusterWorld.Require(context, Kind);
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        _stopping = cancel;
        Context.Running();
        try
        {
            await foreach (var _ in _world!.WatchIdealClusterSizeAsync(cancel).ConfigureAwait(false)) Context.Event();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) =>
        ClusterWorld.CheckApplyAsync(Context, () => CheckApplyCoreAsync(apply, cancel), cancel, _stopping);

    private async Task<bool> CheckApplyCoreAsync(bool apply, CancellationToken cancel)
    {
        var world = _world!;
        var wanted = (int)IdealClusterSize;
        if (!apply)
        {
            return await ClusterWorld.CallAsync(Context, world.GetIdealClusterSizeAsync, cancel, _stopping).ConfigureAwait(false) == wanted;
        }
        var changed = await ClusterWorld.CallAsync(Context, ct => world.SetIdealClusterSizeAsync(wanted, ct), cancel, _stopping).ConfigureAwait(false);
        if (changed) Context.Changes.Set("idealclustersize", "(other)", wanted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return !changed;
    }
}
