using Microsoft.Extensions.Logging;

namespace Mgmt.World.Cluster;

/// <summary>The membership's log lines (7xxx).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(7001, LogLevel.Information, "cluster: {Hostname} is the leader (elected through etcd); ideal cluster size {IdealSize}")]
    public static partial void Elected(ILogger logger, string hostname, int idealSize);

    [LoggerMessage(7002, LogLevel.Information, "cluster: {Hostname} is no longer the leader ({Why})")]
    public static partial void SteppedDown(ILogger logger, string hostname, string why);

    [LoggerMessage(7003, LogLevel.Information, "cluster: nominating {Host} to run an etcd member ({Why})")]
    public static partial void Nominating(ILogger logger, string host, string why);

    [LoggerMessage(7004, LogLevel.Information, "cluster: unnominating {Host} ({Why})")]
    public static partial void Unnominating(ILogger logger, string host, string why);

    [LoggerMessage(7005, LogLevel.Warning, "cluster: removing etcd member {Name} (id {Id:x}): {Why}")]
    public static partial void RemovingMember(ILogger logger, string name, ulong id, string why);

    [LoggerMessage(7006, LogLevel.Debug, "cluster: waiting: {Why}")]
    public static partial void Waiting(ILogger logger, string why);

    [LoggerMessage(7007, LogLevel.Information, "cluster: nominated: starting this agent's etcd member on {ClientUrls}")]
    public static partial void StartingMember(ILogger logger, string clientUrls);

    [LoggerMessage(7008, LogLevel.Information, "cluster: this agent's etcd member is running and votes (clients at {ClientUrls})")]
    public static partial void MemberRunning(ILogger logger, string clientUrls);

    [LoggerMessage(7009, LogLevel.Information, "cluster: unnominated: removing this agent's etcd member, then going on as a client")]
    public static partial void LeavingMember(ILogger logger);

    [LoggerMessage(7010, LogLevel.Error, "cluster: could not start this agent's etcd member: {Problem} (this agent stops volunteering for {Seconds} s so that another one is chosen)")]
    public static partial void MemberFailed(ILogger logger, string problem, double seconds);

    [LoggerMessage(7011, LogLevel.Warning, "cluster: {Problem}; trying again in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string problem, long delayMs);

    [LoggerMessage(7012, LogLevel.Information, "cluster: following the members: client endpoints now {Endpoints}")]
    public static partial void Endpoints(ILogger logger, string endpoints);

    [LoggerMessage(7013, LogLevel.Information, "cluster: {Hostname} left cleanly{Detail}")]
    public static partial void Left(ILogger logger, string hostname, string detail);
}
