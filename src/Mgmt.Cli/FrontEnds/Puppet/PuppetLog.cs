using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Puppet;

internal static partial class PuppetLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "compiled the catalog of {Input} with Puppet in {Seconds:0.00} s: {Resources} resources, {ThroughPuppet} of them applied through Puppet itself")]
    public static partial void Compiled(ILogger logger, string input, double seconds, int resources, int throughPuppet);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Puppet type {Type}{Attribute}: {Why}; such resources (like {Example}) are applied through Puppet itself")]
    public static partial void ThroughPuppet(ILogger logger, string type, string attribute, string why, string example);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Puppet type {Type}, {Attribute}: {Why} (as on {Example})")]
    public static partial void Ignored(ILogger logger, string type, string attribute, string why, string example);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "Puppet: {Text}")]
    public static partial void PuppetWarning(ILogger logger, string text);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Information, Message = "{Input} or its modules changed: compiling again")]
    public static partial void Recompiling(ILogger logger, string input);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information, Message = "the new catalog is the same as the running one: nothing to change")]
    public static partial void Unchanged(ILogger logger);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Warning, Message = "cannot watch {Path} for changes ({Reason}); its edits are not followed")]
    public static partial void CannotWatch(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2308, Level = LogLevel.Warning, Message = "no inotify hub in this agent: edits of the manifest are not followed")]
    public static partial void NoWatch(ILogger logger);
}
