using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class VirtLog
{
    [LoggerMessage(EventId = 4601, Level = LogLevel.Debug, Message = "{Action}")]
    public static partial void Changed(ILogger logger, string action);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Debug, Message = "would {Action} (noop)")]
    public static partial void WouldChange(ILogger logger, string action);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Debug, Message = "domain event: {Kind} (detail {Detail})")]
    public static partial void Event(ILogger logger, string kind, int detail);

    [LoggerMessage(EventId = 4604, Level = LogLevel.Warning, Message = "{What} needs a restart of the running domain; left as it is (restartondiverge is ignore)")]
    public static partial void DivergenceIgnored(ILogger logger, string what);

    [LoggerMessage(EventId = 4605, Level = LogLevel.Information, Message = "restarting the domain: {Reason}")]
    public static partial void Restarting(ILogger logger, string reason);

    [LoggerMessage(EventId = 4607, Level = LogLevel.Warning, Message = "cannot run the domain as {Type} ({Reason}); trying {Fallback} instead")]
    public static partial void FallingBack(ILogger logger, string type, string fallback, string reason);

    [LoggerMessage(EventId = 4606, Level = LogLevel.Debug, Message = "connected to {Uri} (libvirt {Version})")]
    public static partial void Connected(ILogger logger, string uri, string version);
}
