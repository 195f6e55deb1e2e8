using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class LineLog
{
    [LoggerMessage(EventId = 6501, Level = LogLevel.Debug, Message = "{Change} {Count} line(s) in {Path}")]
    public static partial void Changed(ILogger logger, string change, int count, string path);
}
