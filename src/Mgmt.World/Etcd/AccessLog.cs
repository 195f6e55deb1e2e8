using Microsoft.Extensions.Logging;

namespace Mgmt.World.Etcd;

/// <summary>The log lines of per-host permissions: enrolment and the registrar (615x).</summary>
internal static partial class AccessLog
{
    [LoggerMessage(6151, LogLevel.Warning, "access: host {Host} has no etcd user yet: waiting for a registrar to register host {Host} (an agent started with --tls-registrar-cert/--tls-registrar-key)")]
    public static partial void Waiting(ILogger logger, string host);

    [LoggerMessage(6152, LogLevel.Information, "access: host {Host} is registered: its certificate may write its own keys")]
    public static partial void Registered(ILogger logger, string host);

    [LoggerMessage(6153, LogLevel.Information, "access: registrar gave host {Host} its etcd user and role")]
    public static partial void Granted(ILogger logger, string host);

    [LoggerMessage(6154, LogLevel.Information, "access: registrar removed the etcd user and role of host {Host} (gone for {Seconds} s)")]
    public static partial void Removed(ILogger logger, string host, double seconds);

    [LoggerMessage(6155, LogLevel.Warning, "access: registrar refuses to register \"{Host}\": {Why}")]
    public static partial void Refused(ILogger logger, string host, string why);

    [LoggerMessage(6156, LogLevel.Warning, "access: {What} failed, trying again: {Problem}")]
    public static partial void Retrying(ILogger logger, string what, string problem);

    [LoggerMessage(6158, LogLevel.Information, "access: {Host} has no registrar certificate: it will neither run an etcd member nor lead the membership (adding and removing members needs root)")]
    public static partial void ClientOnly(ILogger logger, string host);

    [LoggerMessage(6157, LogLevel.Information, "access: turned on etcd's authentication: per-host permissions are in force")]
    public static partial void Enabled(ILogger logger);
}
