using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

internal static partial class TftpLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "serving TFTP on UDP {Address} ({Files} file(s){Root})")]
    public static partial void Listening(ILogger logger, string address, int files, string root);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "serving TFTP on every interface ({Address}): TFTP has no authentication, so every network this machine is on can read what it serves")]
    public static partial void AllInterfaces(ILogger logger, string address);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "sent {Filename} to {Client} ({Bytes} bytes)")]
    public static partial void Sent(ILogger logger, string filename, string client, long bytes);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "{Client} asked for {Filename}: not found")]
    public static partial void NotFound(ILogger logger, string client, string filename);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "{Client} tried to write {Filename}: refused, the server is read-only")]
    public static partial void WriteRefused(ILogger logger, string client, string filename);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "sending {Filename} to {Client} failed: {Problem}")]
    public static partial void TransferFailed(ILogger logger, string filename, string client, string problem);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Debug, Message = "ignored a malformed request from {Client}")]
    public static partial void Malformed(ILogger logger, string client);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "stopped serving TFTP on {Address}")]
    public static partial void Stopped(ILogger logger, string address);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "tftp:file {Filename}: its source {Path} is missing; requests for it get \"file not found\"")]
    public static partial void SourceMissing(ILogger logger, string filename, string path);
}
