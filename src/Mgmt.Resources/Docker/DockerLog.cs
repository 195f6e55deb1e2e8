using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class DockerLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "cannot follow Docker's events ({Problem}); trying again every {Seconds} s")]
    public static partial void WatchDown(ILogger logger, string problem, double seconds);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "following Docker's events again")]
    public static partial void WatchBack(ILogger logger);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "container {Name}: {Action}")]
    public static partial void Container(ILogger logger, string name, string action);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "image {Image}: {Action}")]
    public static partial void Image(ILogger logger, string image, string action);
}
