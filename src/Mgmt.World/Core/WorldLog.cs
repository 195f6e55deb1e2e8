using Microsoft.Extensions.Logging;

namespace Mgmt.World.Core;

/// <summary>The world's log lines, source-generated with stable event ids (5xxx: world, 6xxx: etcd supervisor).</summary>
internal static partial class WorldLog
{
    [LoggerMessage(5001, LogLevel.Warning, "world: the store is unreachable ({Problem}); {What} keeps the state it has and retries in {DelayMs} ms")]
    public static partial void StoreUnreachable(ILogger logger, string what, string problem, long delayMs);

    [LoggerMessage(5002, LogLevel.Information, "world: the store is reachable again; {What} caught up at revision {Revision}")]
    public static partial void StoreBack(ILogger logger, string what, long revision);

    [LoggerMessage(5003, LogLevel.Warning, "world: the store compacted away revision {Revision}; {What} lists everything again")]
    public static partial void Relisting(ILogger logger, string what, long revision);

    [LoggerMessage(5004, LogLevel.Error, "world: the lease of {What} expired while the store was unreachable for more than {TtlSeconds} s; publishing this host's entries again")]
    public static partial void LeaseLost(ILogger logger, string what, double ttlSeconds);

    [LoggerMessage(5005, LogLevel.Information, "world: joined as {Hostname} ({Implementation})")]
    public static partial void Joined(ILogger logger, string hostname, string implementation);

    [LoggerMessage(5006, LogLevel.Information, "world: {Hostname} left cleanly")]
    public static partial void Left(ILogger logger, string hostname);

    [LoggerMessage(5007, LogLevel.Error, "world: {Problem}")]
    public static partial void Problem(ILogger logger, string problem);

    [LoggerMessage(5009, LogLevel.Warning, "world: the hostname {Hostname} was held by this agent's earlier run (pid {Pid}, started {Started:u}), which is gone: taking it over")]
    public static partial void TakingOver(ILogger logger, string hostname, int pid, DateTimeOffset started);

    [LoggerMessage(5010, LogLevel.Warning, "world: the hostname {Hostname} is held by {Holder}; waiting up to {Seconds} s for its claim to expire (an agent that died leaves it for its session TTL)")]
    public static partial void WaitingForHostname(ILogger logger, string hostname, string holder, double seconds);

    [LoggerMessage(5008, LogLevel.Debug, "world: {What}")]
    public static partial void Trace(ILogger logger, string what);
}
