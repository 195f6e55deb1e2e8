using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class UserLog
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Debug, Message = "created user {Name}")]
    public static partial void Created(ILogger logger, string name);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Debug, Message = "changed user {Name}: {Changes}")]
    public static partial void Changed(ILogger logger, string name, string changes);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Debug, Message = "deleted user {Name}")]
    public static partial void Deleted(ILogger logger, string name);

    [LoggerMessage(EventId = 6351, Level = LogLevel.Debug, Message = "created group {Name}")]
    public static partial void GroupCreated(ILogger logger, string name);

    [LoggerMessage(EventId = 6352, Level = LogLevel.Debug, Message = "changed group {Name}: gid {Old} -> {New}")]
    public static partial void GroupChanged(ILogger logger, string name, uint old, uint @new);

    [LoggerMessage(EventId = 6353, Level = LogLevel.Debug, Message = "deleted group {Name}")]
    public static partial void GroupDeleted(ILogger logger, string name);
}
