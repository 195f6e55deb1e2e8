using Microsoft.Extensions.Logging;

namespace Mgmt.World.Etcd;

/// <summary>The etcd supervisor's log lines (6xxx).</summary>
internal static partial class EtcdLog
{
    [LoggerMessage(6001, LogLevel.Information, "etcd: member {Name} running (pid {Pid}, clients at {ClientUrls}, cluster state {ClusterState})")]
    public static partial void Started(ILogger logger, string name, int pid, string clientUrls, string clusterState);

    [LoggerMessage(6002, LogLevel.Warning, "etcd: member {Name} exited with code {ExitCode}; restarting it in {DelayMs} ms (its last line: {LastLine})")]
    public static partial void Died(ILogger logger, string name, int exitCode, long delayMs, string lastLine);

    [LoggerMessage(6003, LogLevel.Information, "etcd: member {Name} restarted (pid {Pid})")]
    public static partial void Restarted(ILogger logger, string name, int pid);

    [LoggerMessage(6004, LogLevel.Warning, "etcd: member {Name} did not stop within {Seconds} s of SIGTERM; killed it")]
    public static partial void KilledAfterTimeout(ILogger logger, string name, double seconds);

    [LoggerMessage(6005, LogLevel.Warning, "etcd: {Message}")]
    public static partial void DataDirectory(ILogger logger, string message);

    [LoggerMessage(6007, LogLevel.Information, "etcd: member {Name} (id {Id:x}) left the cluster")]
    public static partial void Left(ILogger logger, string name, ulong id);

    [LoggerMessage(6008, LogLevel.Debug, "etcd: member {Name}: {Step}")]
    public static partial void Step(ILogger logger, string name, string step);

    [LoggerMessage(6006, LogLevel.Warning, "etcd: removing the stale member \"{Name}\" (id {Id:x}) left by an earlier run before joining")]
    public static partial void RemovingStaleMember(ILogger logger, string name, ulong id);
}
