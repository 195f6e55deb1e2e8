using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>The mcl front end's log messages (category <c>lang</c>; source-generated, stable event ids).</summary>
internal static partial class LangLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "compiled {Program} ({Files} source file(s) looked at); starting it")]
    public static partial void Compiled(ILogger logger, string program, int files);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "{Program} changed: starting the edited program; the running one carries on until the new one has its first graph")]
    public static partial void Edited(ILogger logger, string program);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "the edited program {Program} took over")]
    public static partial void EditRunning(ILogger logger, string program);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug, Message = "the sources were touched but did not change; nothing to restart")]
    public static partial void Unchanged(ILogger logger);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "the edit of {Program} does not compile; {Outcome}")]
    public static partial void EditBroken(ILogger logger, string program, string outcome);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "the edited program stopped before its first graph; {Outcome}")]
    public static partial void EditFailed(ILogger logger, string outcome);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error, Message = "the program stopped on the error below; the machine keeps the last graph until {Until}")]
    public static partial void ProgramStopped(ILogger logger, string until);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Error, Message = "{Problem}")]
    public static partial void Problem(ILogger logger, string problem);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Warning, Message = "cannot watch {Path} ({Reason}); edits of it are not followed")]
    public static partial void CannotWatch(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "there is no inotify watcher: edits of {Program} are not followed until mgmt restarts")]
    public static partial void CannotFollow(ILogger logger, string program);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Information, Message = "downloading the module {Url} into {Directory}")]
    public static partial void ModuleDownloading(ILogger logger, string url, string directory);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Information, Message = "updating the module in {Directory} from {Url}")]
    public static partial void ModuleUpdating(ILogger logger, string url, string directory);

    [LoggerMessage(EventId = 2123, Level = LogLevel.Information, Message = "{Program}: every imported module is here ({Files} file(s) looked at); stopping as --only-download asks")]
    public static partial void OnlyDownloaded(ILogger logger, string program, int files);
}
