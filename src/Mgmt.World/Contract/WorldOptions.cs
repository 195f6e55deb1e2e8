using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.World;

/// <summary>Settings shared by every world implementation.</summary>
public record WorldOptions
{
    /// <summary>This agent's name; unique among the live agents of the cluster.</summary>
    public required string Hostname { get; init; }

    /// <summary>The cluster name: every key lives under <c>/mgmt/&lt;cluster&gt;/</c>, so clusters can share one etcd.</summary>
    public string Cluster { get; init; } = "default";

    /// <summary>How long this agent's presence, map entries and exports outlive it after a crash.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a one-shot call retries through an outage before it reports the store as unavailable.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the duration and outcome of every store call are reported (the agent's metrics); null reports nothing.</summary>
    public Mgmt.Engine.Observability.IAgentMetrics? Metrics { get; init; }

    /// <summary>Throws <see cref="WorldException"/> for values the user must fix.</summary>
    public void Validate()
    {
        WorldKeys.ValidateHostname(Hostname);
        WorldKeys.ValidateClusterName(Cluster);
        if (SessionTtl < TimeSpan.FromSeconds(1))
        {
            throw new WorldException($"the session TTL is {SessionTtl.TotalSeconds} s: it must be at least 1 second");
        }
        if (OperationTimeout <= TimeSpan.Zero)
        {
            throw new WorldException("the operation timeout must be positive");
        }
    }
}
