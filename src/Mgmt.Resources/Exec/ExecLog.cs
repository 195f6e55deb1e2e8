using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class ExecLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "{Name} exited with {Status}: {CommandLine}")]
    public static partial void Ran(ILogger logger, string name, string commandLine, int status);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "{Name}: {Line}")]
    public static partial void Line(ILogger logger, string name, string line);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "not running the command: {Reason}")]
    public static partial void Skipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "watchcmd: {Line}")]
    public static partial void WatchLine(ILogger logger, string line);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "watchcmd ended: {Reason}")]
    public static partial void WatchEnded(ILogger logger, string reason);
}
