using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class FirewalldLog
{
    [LoggerMessage(EventId = 7861, Level = LogLevel.Information, Message = "{Action} the {What} in the zone {Zone} ({Where})")]
    public static partial void Changed(ILogger logger, string action, string what, string zone, string where);
}
