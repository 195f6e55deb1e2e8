using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class NspawnLog
{
    [LoggerMessage(EventId = 7851, Level = LogLevel.Information, Message = "started the machine {Machine} ({Unit})")]
    public static partial void Started(ILogger logger, string machine, string unit);

    [LoggerMessage(EventId = 7852, Level = LogLevel.Information, Message = "stopped the machine {Machine} ({Unit})")]
    public static partial void Stopped(ILogger logger, string machine, string unit);

    [LoggerMessage(EventId = 7853, Level = LogLevel.Information, Message = "terminated the machine {Machine} (it ran outside its unit)")]
    public static partial void Terminated(ILogger logger, string machine);

    [LoggerMessage(EventId = 7854, Level = LogLevel.Information, Message = "the start of the machine {Machine} ({Unit}) was replaced by another job at the same moment; it is checked again when that job ends")]
    public static partial void Replaced(ILogger logger, string machine, string unit);
}
