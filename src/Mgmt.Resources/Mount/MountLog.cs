using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class MountLog
{
    [LoggerMessage(EventId = 6701, Level = LogLevel.Debug, Message = "mounted {Device} on {MountPoint}")]
    public static partial void Mounted(ILogger logger, string device, string mountPoint);

    [LoggerMessage(EventId = 6702, Level = LogLevel.Debug, Message = "unmounted {MountPoint}")]
    public static partial void Unmounted(ILogger logger, string mountPoint);

    [LoggerMessage(EventId = 6703, Level = LogLevel.Debug, Message = "remounted {MountPoint} ({Flags})")]
    public static partial void Remounted(ILogger logger, string mountPoint, string flags);

    [LoggerMessage(EventId = 6704, Level = LogLevel.Debug, Message = "{Change} the fstab line of {MountPoint} in {Path}")]
    public static partial void Fstab(ILogger logger, string change, string mountPoint, string path);
}
