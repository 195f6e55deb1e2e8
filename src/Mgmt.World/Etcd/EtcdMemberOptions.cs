using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.World.Etcd;

/// <summary>How to run this agent's etcd member (<c>--server-urls</c>, <c>--client-urls</c>, <c>--seeds</c>, ...).</summary>
public sealed record EtcdMemberOptions
{
    /// <summary>The member name; the agent uses its hostname.</summary>
    public required string Name { get; init; }

    /// <summary>The member's data directory (the agent uses <c>&lt;prefix&gt;/etcd/</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>URLs the member serves clients on (<c>--client-urls</c>, default <c>http://127.0.0.1:2379</c>).</summary>
    public IReadOnlyList<string> ClientUrls { get; init; } = ["http://127.0.0.1:2379"];

    /// <summary>URLs the member talks to its peers on (<c>--server-urls</c>, default <c>http://127.0.0.1:2380</c>).</summary>
    public IReadOnlyList<string> PeerUrls { get; init; } = ["http://127.0.0.1:2380"];

    /// <summary>Client URLs told to others (<c>--advertise-client-urls</c>); the listen URLs when empty.</summary>
    public IReadOnlyList<string> AdvertiseClientUrls { get; init; } = [];

    /// <summary>Peer URLs told to others (<c>--advertise-server-urls</c>); the listen URLs when empty.</summary>
    public IReadOnlyList<string> AdvertisePeerUrls { get; init; } = [];

    /// <summary>Client URLs of an existing cluster to join (<c>--seeds</c>); empty starts a new cluster.</summary>
    public IReadOnlyList<string> JoinEndpoints { get; init; } = [];

    /// <summary>Identifies the cluster; a data directory made for another token is refused.</summary>
    public string ClusterToken { get; init; } = "mgmt";

    /// <summary>Replace a data directory that mgmt made for another member name or cluster (it is moved aside, not deleted).</summary>
    public bool ReplaceStaleData { get; init; }

    public string EtcdPath { get; init; } = "/usr/bin/etcd";

    /// <summary>
    /// The host's certificate, key and the cluster CA: the member then serves clients and peers over TLS with this
    /// certificate and demands a certificate of the same CA from each (<c>--client-cert-auth</c>,
    /// <c>--peer-client-cert-auth</c>). Every URL must then be https; without it, every URL must be http.
    /// </summary>
    public EtcdTls? Tls { get; init; }

    /// <summary>How long the member may take to become healthy.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a SIGTERM may take before SIGKILL.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal IReadOnlyList<string> EffectiveAdvertiseClientUrls => AdvertiseClientUrls.Count > 0 ? AdvertiseClientUrls : ClientUrls;

    internal IReadOnlyList<string> EffectiveAdvertisePeerUrls => AdvertisePeerUrls.Count > 0 ? AdvertisePeerUrls : PeerUrls;

    /// <summary>Throws <see cref="WorldException"/> for settings the user must fix.</summary>
    public void Validate()
    {
        WorldKeys.ValidateHostname(Name);
        if (ClientUrls.Count == 0 || PeerUrls.Count == 0)
        {
            throw new WorldException("an etcd member needs at least one client URL (--client-urls) and one server URL (--server-urls)");
        }
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (urls, flag) in new[] { (ClientUrls, "--client-urls"), (PeerUrls, "--server-urls") })
        {
            foreach (var url in urls)
            {
                var uri = EtcdUrls.ValidateClientUrl(url, flag);
                EtcdTls.CheckScheme(Tls, url, flag);
                var endpoint = $"{uri.Host}:{uri.Port}";
                if (!seen.TryAdd(endpoint, flag))
                {
                    throw new WorldException($"{flag}: {endpoint} is also used by {seen[endpoint]}: client and server URLs need distinct host:port pairs");
                }
            }
        }
        foreach (var (urls, flag) in new[] { (AdvertiseClientUrls, "--advertise-client-urls"), (AdvertisePeerUrls, "--advertise-server-urls"), (JoinEndpoints, "--seeds") })
        {
            foreach (var url in urls)
            {
                EtcdUrls.ValidateClientUrl(url, flag);
                EtcdTls.CheckScheme(Tls, url, flag);
            }
        }
    }
}

/// <summary>The member could not be started or joined; the message says why and what to do.</summary>
public sealed class EtcdMemberException(string message, Exception? inner = null) : WorldException(message, inner ?? new InvalidOperationException(message));
