using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class SysctlLog
{
    [LoggerMessage(EventId = 6601, Level = LogLevel.Debug, Message = "{Name}: {Old} -> {New}")]
    public static partial void SetRuntime(ILogger logger, string name, string old, string @new);

    [LoggerMessage(EventId = 6602, Level = LogLevel.Debug, Message = "{Name} = {Value} persisted in {Path}")]
    public static partial void Persisted(ILogger logger, string name, string value, string path);
}
