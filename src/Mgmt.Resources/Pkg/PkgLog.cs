using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class PkgLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Debug, Message = "needed: {Changes}")]
    public static partial void Needed(ILogger logger, string changes);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Debug, Message = "done: {Changes}")]
    public static partial void Applied(ILogger logger, string changes);
}
