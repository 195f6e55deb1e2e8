namespace Mgmt.World;

/// <summary>What one agent publishes about itself (<see cref="IMembershipWorld.PublishStatusAsync"/>).</summary>
/// <param name="FrontEnd">The front end it runs (<c>lang</c>, <c>yaml</c>, <c>empty</c>...).</param>
/// <param name="Input">The front end's input as the user gave it (a file name, a directory), or empty.</param>
/// <param name="Converged">True when every resource has been idle for the converger timeout; null when the
/// agent has no converger timeout (it never counts as converged).</param>
/// <param name="Deploy">The id of the deploy it runs, or null when it runs a program given on its command line.
/// Filled in by the deploys work (issue 10); nothing sets it yet.</param>
public sealed record HostStatus(string FrontEnd, string Input, bool? Converged, ulong? Deploy = null);

/// <summary>One etcd member as the cluster lists it.</summary>
/// <param name="Id">etcd's member id.</param>
/// <param name="Name">Its name (the agent's hostname); empty until the member has started.</param>
/// <param name="PeerUrls">The URLs its peers reach it on.</param>
/// <param name="ClientUrls">The URLs clients reach it on; empty until it has started.</param>
/// <param name="IsLearner">A member that was just added and is catching up (it does not vote yet).</param>
/// <param name="Healthy">It answered a health check just now; null when not checked.</param>
public sealed record ClusterMemberInfo(ulong Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls, bool IsLearner, bool? Healthy);

/// <summary>One live agent as <c>mgmt cluster status</c> shows it.</summary>
/// <param name="Hostname">Its name.</param>
/// <param name="ProcessId">Its process id on its own machine.</param>
/// <param name="StartedAt">When it joined.</param>
/// <param name="Volunteer">It offers to run an etcd member (no <c>--no-server</c>).</param>
/// <param name="Nominated">The leader chose it to run a member.</param>
/// <param name="Member">It runs a member of the cluster now.</param>
/// <param name="Leader">It is the elected leader of the cluster's membership.</param>
/// <param name="Status">What it published about itself, or null when it published nothing yet.</param>
public sealed record ClusterHost(
    string Hostname, int ProcessId, DateTimeOffset StartedAt, bool Volunteer, bool Nominated, ClusterMemberInfo? Member, bool Leader, HostStatus? Status);

/// <summary>The whole cluster at one moment.</summary>
/// <param name="IdealSize">How many agents should run an etcd member.</param>
/// <param name="Leader">The hostname of the elected leader, or null when none is elected (or no election runs:
/// the embedded world).</param>
/// <param name="Hosts">Every live agent, sorted by hostname.</param>
/// <param name="Members">Every etcd member, including members whose agent is gone (the leader removes those).</param>
public sealed record ClusterStatus(int IdealSize, string? Leader, IReadOnlyList<ClusterHost> Hosts, IReadOnlyList<ClusterMemberInfo> Members)
{
    /// <summary>The ideal cluster size while nobody set one (as in the reference).</summary>
    public const int DefaultIdealSize = 5;

    /// <summary>The largest ideal size accepted (etcd itself recommends at most 7 members).</summary>
    public const int MaxIdealSize = 9;

    /// <summary>Throws <see cref="WorldException"/> with what to do when <paramref name="size"/> is out of range.</summary>
    public static void ValidateIdealSize(int size)
    {
        if (size < 1 || size > MaxIdealSize)
        {
            throw new WorldException(
                $"the ideal cluster size {size} is out of range: give 1 to {MaxIdealSize} (an odd number such as 3 or 5 survives the loss of the most members)");
        }
    }
}
