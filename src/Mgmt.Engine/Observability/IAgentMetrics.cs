namespace Mgmt.Engine.Observability;

/// <summary>
/// Where the parts of an agent that are not the engine feed the agent's metrics (<c>--prometheus</c>): the
/// function graph, the world's store calls, the cluster's membership and the running deploy. The agent puts one
/// instance in the host services (<see cref="Runtime.EngineOptions.Services"/>); a part that finds none reports
/// nothing. Every method is cheap, thread-safe and never throws.
/// </summary>
public interface IAgentMetrics
{
    /// <summary>The function graph has <paramref name="nodes"/> nodes and produced <paramref name="valuesProduced"/> values since it started.</summary>
    void FunctionGraph(int nodes, long valuesProduced);

    /// <summary>
    /// One call to the world's store ended: <paramref name="operation"/> is a short, fixed word (<c>read</c>,
    /// <c>set</c>, <c>list</c>...), never a key, so that the label set stays small.
    /// </summary>
    void WorldCall(string operation, TimeSpan duration, bool failed);

    /// <summary>The cluster has <paramref name="members"/> etcd members (read from the world at each scrape).</summary>
    void WorldMembers(int members);

    /// <summary>This agent runs deploy <paramref name="id"/> (set by the deploy follower when it switches).</summary>
    void Deploy(long id);
}
