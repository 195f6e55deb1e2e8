using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Logging;

/// <summary>How log lines are written: for people (<c>text</c>) or for log collectors (<c>json</c>, one object a line).</summary>
public enum LogFormat
{
    Text,
    Json,
}

/// <summary>The words of <c>--log-level</c> and <c>--log-format</c>.</summary>
public static class LogWords
{
    public static readonly string[] Levels = ["trace", "debug", "info", "warn", "error"];

    public static readonly string[] Formats = ["text", "json"];

    public static LogLevel Level(string word) => word switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };

    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    public static LogFormat Format(string word) => word == "json" ? LogFormat.Json : LogFormat.Text;
}
