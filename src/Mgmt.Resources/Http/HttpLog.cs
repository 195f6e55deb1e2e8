using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class HttpLog
{
    [LoggerMessage(EventId = 4801, Level = LogLevel.Information, Message = "listening on {Address} ({Files} file(s), {Flags} flag(s), {Uis} ui(s))")]
    public static partial void Listening(ILogger logger, string address, int files, int flags, int uis);

    [LoggerMessage(EventId = 4802, Level = LogLevel.Warning, Message = "listening on every interface ({Address}): every network this machine is on can reach the server; limit it with a firewall or listen on one address")]
    public static partial void AllInterfaces(ILogger logger, string address);

    [LoggerMessage(EventId = 4803, Level = LogLevel.Information, Message = "stopped listening on {Address}")]
    public static partial void Stopped(ILogger logger, string address);

    [LoggerMessage(EventId = 4804, Level = LogLevel.Debug, Message = "{Method} {Path}: {Status}")]
    public static partial void Served(ILogger logger, string method, string path, int status);

    [LoggerMessage(EventId = 4805, Level = LogLevel.Debug, Message = "refused a request: {Problem}")]
    public static partial void BadRequest(ILogger logger, string problem);

    [LoggerMessage(EventId = 4806, Level = LogLevel.Error, Message = "{Method} {Path}: the handler failed: {Problem}")]
    public static partial void HandlerFailed(ILogger logger, string method, string path, string problem);

    [LoggerMessage(EventId = 4807, Level = LogLevel.Warning, Message = "{Count} request(s) still running after the shutdown timeout of {Seconds} s: cutting them")]
    public static partial void ShutdownCut(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 4808, Level = LogLevel.Information, Message = "got {Key}: \"{Value}\"")]
    public static partial void FlagReceived(ILogger logger, string key, string value);

    [LoggerMessage(EventId = 4809, Level = LogLevel.Information, Message = "now serving new data at {Path} ({Bytes} bytes)")]
    public static partial void DataUpdated(ILogger logger, string path, int bytes);

    [LoggerMessage(EventId = 4810, Level = LogLevel.Warning, Message = "{Source} does not exist: requests for {Path} get 404 until it does")]
    public static partial void SourceMissing(ILogger logger, string source, string path);

    [LoggerMessage(EventId = 4811, Level = LogLevel.Information, Message = "{Source} exists again and is served")]
    public static partial void SourceBack(ILogger logger, string source);

    [LoggerMessage(EventId = 4812, Level = LogLevel.Information, Message = "form field {Id} set to \"{Value}\"")]
    public static partial void InputReceived(ILogger logger, string id, string value);

    [LoggerMessage(EventId = 4814, Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void NotGrouped(ILogger logger, string problem);

    [LoggerMessage(EventId = 4813, Level = LogLevel.Warning, Message = "the value of {Id} does not fit its type {Type} ({Problem}); it is shown as it is, and the form only accepts values that fit")]
    public static partial void ValueMisfit(ILogger logger, string id, string type, string problem);

    [LoggerMessage(EventId = 4815, Level = LogLevel.Information, Message = "downloaded {Url} into {File}")]
    public static partial void Downloaded(ILogger logger, string url, string file);

    [LoggerMessage(EventId = 4816, Level = LogLevel.Information, Message = "the long poll of {Url} failed ({Problem}); asking again in {Seconds} s")]
    public static partial void LongPollRetry(ILogger logger, string url, string problem, double seconds);

    [LoggerMessage(EventId = 4817, Level = LogLevel.Information, Message = "{Method} {Url} via the proxy: {Status}")]
    public static partial void Proxied(ILogger logger, string method, string url, int status);

    [LoggerMessage(EventId = 4818, Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void ProxyProblem(ILogger logger, string problem);
}
