namespace Mgmt.Cli.Agent;

/// <summary>
/// How the agent reaches the cluster (the <c>mgmt run</c> cluster flags, already parsed). With none of them the
/// agent is alone on its machine and uses the in-process world.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The default client URL of a member run with <see cref="RunMember"/> and no <see cref="ClientUrls"/>.</summary>
    public const string DefaultClientUrl = "http://127.0.0.1:2379";

    /// <summary>The default peer URL of a member run with <see cref="RunMember"/> and no <see cref="ServerUrls"/>.</summary>
    public const string DefaultServerUrl = "http://127.0.0.1:2380";

    /// <summary>No cluster: the embedded world.</summary>
    public static readonly ClusterSettings None = new();

    /// <summary>Client URLs of an existing etcd cluster (<c>--seeds</c>): to use it, or to join it with a member.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Peer URLs this agent's member listens on (<c>--server-urls</c>).</summary>
    public IReadOnlyList<string> ServerUrls { get; init; } = [];

    /// <summary>Client URLs this agent's member listens on (<c>--client-urls</c>).</summary>
    public IReadOnlyList<string> ClientUrls { get; init; } = [];

    /// <summary>Client URLs told to others (<c>--advertise-client-urls</c>); the listen URLs when empty.</summary>
    public IReadOnlyList<string> AdvertiseClientUrls { get; init; } = [];

    /// <summary>Peer URLs told to others (<c>--advertise-server-urls</c>); the listen URLs when empty.</summary>
    public IReadOnlyList<string> AdvertiseServerUrls { get; init; } = [];

    /// <summary>Run an etcd member even when no URL is given (<c>--etcd-member</c>: the default local ports).</summary>
    public bool RunMember { get; init; }

    /// <summary>Move aside a member data directory made for another name or cluster (<c>--etcd-replace-stale-data</c>).</summary>
    public bool ReplaceStaleData { get; init; }

    /// <summary>How long this agent's published data outlives it after a crash (<c>--session-ttl</c>).</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>True when this agent runs an etcd member as its child process.</summary>
    public bool RunsMember => RunMember || ServerUrls.Count > 0 || ClientUrls.Count > 0 || AdvertiseClientUrls.Count > 0 || AdvertiseServerUrls.Count > 0;

    /// <summary>True when the agent uses etcd at all (as a client of <see cref="Seeds"/>, or through its own member).</summary>
    public bool UsesEtcd => RunsMember || Seeds.Count > 0;
}
