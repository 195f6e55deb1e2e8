using Microsoft.Extensions.Logging;

namespace Mgmt.Lang.Runtime;

/// <summary>The runtime's log messages (source-generated, stable event ids).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "some function streams did not stop cleanly: {Problem}")]
    public static partial void StreamsStoppedBadly(ILogger logger, string problem);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "new table of values: {Nodes} nodes, interpreted into {Resources} resources ({Built} made anew) in {Milliseconds:F2} ms (values {Propagate:F2} ms, interpret {Walk:F2} ms, assemble {Assemble:F2} ms, auto edges {AutoEdges:F2} ms)")]
    public static partial void TableInterpreted(
        ILogger logger, int nodes, int resources, int built, double milliseconds, double propagate, double walk, double assemble, double autoEdges);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "the new resource graph was compared with the last one in {Milliseconds:F2} ms")]
    public static partial void GraphCompared(ILogger logger, double milliseconds);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "the table of values changed but the resource graph did not; nothing new to apply")]
    public static partial void GraphUnchanged(ILogger logger);

    // Debug only: the error also ends RunAsync, and its consumer (the CLI) shows it to the user once, in its words.
    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "the program stopped: {Error}")]
    public static partial void ProgramFailed(ILogger logger, string error);
}
