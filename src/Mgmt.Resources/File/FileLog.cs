using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class FileLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "created {Path}")]
    public static partial void Created(ILogger logger, string path);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "removed {Path}")]
    public static partial void Removed(ILogger logger, string path);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "replaced the {Old} at {Path} with a {New}")]
    public static partial void Replaced(ILogger logger, string path, string old, string @new);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "wrote {Bytes} bytes of {What} to {Path}")]
    public static partial void Wrote(ILogger logger, string path, int bytes, string what);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "copied {Source} to {Path}")]
    public static partial void Copied(ILogger logger, string source, string path);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Debug, Message = "purged {Path}")]
    public static partial void Purged(ILogger logger, string path);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Debug, Message = "linked {Path} -> {Target}")]
    public static partial void Linked(ILogger logger, string path, string target);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Debug, Message = "chown {Uid}:{Gid} {Path}")]
    public static partial void Chowned(ILogger logger, string path, uint uid, uint gid);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Debug, Message = "chmod {Mode} {Path}")]
    public static partial void Chmodded(ILogger logger, string path, string mode);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "skipped {Path}: devices, fifos and sockets are not copied")]
    public static partial void SkippedSpecial(ILogger logger, string path);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "SELinux context of {Path} set to {Context}")]
    public static partial void Relabelled(ILogger logger, string path, string context);
}
