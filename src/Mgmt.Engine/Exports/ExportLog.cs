using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Exports;

internal static partial class ExportLog
{
    [LoggerMessage(3101, LogLevel.Information, "{Resource}: exported to {Hosts}")]
    public static partial void Exported(ILogger logger, string resource, string hosts);

    [LoggerMessage(3102, LogLevel.Information, "withdrew {Count} export(s) whose resource left the graph: {Exports}")]
    public static partial void Withdrawn(ILogger logger, int count, string exports);

    [LoggerMessage(3103, LogLevel.Warning, "could not withdraw the exports of removed resources ({Problem}); retrying in {Seconds} s")]
    public static partial void PruneFailed(ILogger logger, string problem, double seconds);
}
