namespace Mgmt.World;

/// <summary>A live agent of the cluster, as published in its presence entry.</summary>
/// <param name="Hostname">Its unique name.</param>
/// <param name="InstanceId">A random id of this agent run, to tell a restarted agent from the old one.</param>
/// <param name="StartedAt">When this agent run joined the world.</param>
/// <param name="ProcessId">Its process id on its own machine (helps the user find it).</param>
public sealed record HostInfo(string Hostname, string InstanceId, DateTimeOffset StartedAt, int ProcessId);
