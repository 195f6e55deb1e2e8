namespace Mgmt.Cli.Agent;

/// <summary>
/// How the agent reaches the cluster (the <c>mgmt run</c> cluster flags, already parsed). With none of them the
/// agent is alone on its machine and uses the in-process world.
/// </summary>
/// <remarks>
/// Three ways in: no flag (alone); a member flag and no seeds (the first agent of a new cluster: it runs the first
/// member at once); <c>--seeds</c> (a client of that cluster, and a volunteer to run a member unless
/// <c>--no-server</c>: the member flags then only say where its member would listen once the leader nominates it).
/// </remarks>
public sealed record ClusterSettings
{
    /// <summary>The default client URL of this agent's member.</summary>
    public const string DefaultClientUrl = "http://127.0.0.1:2379";

    /// <summary>The default peer URL of this agent's member.</summary>
    public const string DefaultServerUrl = "http://127.0.0.1:2380";

    /// <summary>No cluster: the embedded world.</summary>
    public static readonly ClusterSettings None = new();

    /// <summary>Client URLs of an existing etcd cluster (<c>--seeds</c>): this agent joins it.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Peer URLs this agent's member listens on (<c>--server-urls</c>).</summary>
    public IReadOnlyList<string> ServerUrls { get; init; } = [];

    /// <summary>Client URLs this agent's member listens on (<c>--client-urls</c>).</summary>
    public IReadOnlyList<string> ClientUrls { get; init; } = [];

    /// <summary>Client URLs told to others (<c>--advertise-client-urls</c>); the listen URLs when empty.</summary>
    public IReadOnlyList<string> AdvertiseClientUrls { get; init; } = [];

    /// <summary>Peer URLs told to others (<c>--advertise-server-urls</c>); the listen URLs when empty.</summary>
    public IReadOnlyList<string> AdvertiseServerUrls { get; init; } = [];

    /// <summary>Start a new cluster with a member on the default local ports (<c>--etcd-member</c>).</summary>
    public bool RunMember { get; init; }

    /// <summary>Never run a member: stay a client (<c>--no-server</c>).</summary>
    public bool NoServer { get; init; }

    /// <summary>The ideal number of agents that run a member (<c>--ideal-cluster-size</c>), written to the world at start;
    /// null leaves the stored value.</summary>
    public int? IdealClusterSize { get; init; }

    /// <summary>Move aside a member data directory made for another name or cluster (<c>--etcd-replace-stale-data</c>).</summary>
    public bool ReplaceStaleData { get; init; }

    /// <summary>How long this agent's published data outlives it after a crash (<c>--session-ttl</c>).</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The host's certificate and the cluster CA (<c>--tls-*</c>): TLS for the member and every connection; null for plain text.</summary>
    public Mgmt.World.Etcd.EtcdTls? Tls { get; init; }

    /// <summary>The registrar's certificate (<c>--tls-registrar-cert/--tls-registrar-key</c>): this agent creates the etcd
    /// users of joining hosts, and may add and remove members; null: it enrols like any host.</summary>
    public Mgmt.World.Etcd.EtcdTls? RegistrarTls { get; init; }

    /// <summary>A TLS cluster without per-host permissions (<c>--tls-no-permissions</c>).</summary>
    public bool NoPermissions { get; init; }

    /// <summary>How long a gone host keeps its etcd user (<c>--registrar-grace</c>).</summary>
    public TimeSpan RegistrarGrace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>True when etcd's per-host permissions apply: TLS without the opt-out.</summary>
    public bool Permissions => Tls is not null && !NoPermissions;

    /// <summary>The default client URL with the scheme of the transport (https with TLS material).</summary>
    public string DefaultClientUrlFor => Tls is null ? DefaultClientUrl : DefaultClientUrl.Replace("http://", "https://", StringComparison.Ordinal);

    /// <summary>The default peer URL with the scheme of the transport (https with TLS material).</summary>
    public string DefaultServerUrlFor => Tls is null ? DefaultServerUrl : DefaultServerUrl.Replace("http://", "https://", StringComparison.Ordinal);

    /// <summary>True when a member flag was given (<c>--etcd-member</c> or a member URL).</summary>
    public bool MemberFlags => RunMember || ServerUrls.Count > 0 || ClientUrls.Count > 0 || AdvertiseClientUrls.Count > 0 || AdvertiseServerUrls.Count > 0;

    /// <summary>True for the first agent of a new cluster: a member flag and no seeds. It runs the first member at once.</summary>
    public bool Bootstraps => MemberFlags && Seeds.Count == 0;

    /// <summary>True when this agent may run a member: the first agent, or a volunteer (seeds without <c>--no-server</c>).</summary>
    public bool MayRunMember => UsesEtcd && !NoServer;

    /// <summary>True when the agent uses etcd at all.</summary>
    public bool UsesEtcd => MemberFlags || Seeds.Count > 0;
}
