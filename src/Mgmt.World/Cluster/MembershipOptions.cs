using Mgmt.World.Etcd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.World.Cluster;

/// <summary>How one agent takes part in the cluster's membership.</summary>
public sealed record MembershipOptions
{
    /// <summary>The member this agent would run when nominated: its name, data directory and URLs (no join
    /// endpoints: it joins through the world's client).</summary>
    public required EtcdMemberOptions Member { get; init; }

    /// <summary>Offer to run a member (false with <c>--no-server</c>).</summary>
    public bool Volunteer { get; init; } = true;

    /// <summary>Campaign to lead the membership (false for an agent that may not add or remove members: a host
    /// without the registrar's certificate in a cluster with per-host permissions).</summary>
    public bool Campaign { get; init; } = true;

    /// <summary>The ideal cluster size given on the command line (<c>--ideal-cluster-size</c>), written to the world at
    /// start; null leaves the stored value (or the default, for a new cluster).</summary>
    public int? IdealSize { get; init; }

    /// <summary>The member this agent already runs as the first agent of a new cluster; it counts as nominated.</summary>
    public EtcdSupervisor? Bootstrap { get; init; }

    /// <summary>How long a volunteer whose member failed to start waits before it volunteers again.</summary>
    public TimeSpan VolunteerPause { get; init; } = TimeSpan.FromSeconds(30);

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
