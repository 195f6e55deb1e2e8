using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class SystemdLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "started {Unit}")]
    public static partial void Started(ILogger logger, string unit);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "stopped {Unit}")]
    public static partial void Stopped(ILogger logger, string unit);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "enabled {Unit}")]
    public static partial void Enabled(ILogger logger, string unit);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "disabled {Unit}")]
    public static partial void Disabled(ILogger logger, string unit);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "refreshed {Unit}: {How}")]
    public static partial void Refreshed(ILogger logger, string unit, string how);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "the unit file of {Unit} changed on disk: reloaded systemd's configuration")]
    public static partial void DaemonReloaded(ILogger logger, string unit);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "refresh of {Unit} skipped: {Reason}")]
    public static partial void RefreshSkipped(ILogger logger, string unit, string reason);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Debug, Message = "wrote the timer unit {Path}")]
    public static partial void TimerWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Debug, Message = "removed the timer unit {Path}")]
    public static partial void TimerRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "restarted {Unit} so that its new settings apply")]
    public static partial void Restarted(ILogger logger, string unit);
}
