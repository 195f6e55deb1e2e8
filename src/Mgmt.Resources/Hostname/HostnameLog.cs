using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class HostnameLog
{
    [LoggerMessage(EventId = 6401, Level = LogLevel.Debug, Message = "{Which} host name: '{Old}' -> '{New}'")]
    public static partial void Changed(ILogger logger, string which, string old, string @new);
}
