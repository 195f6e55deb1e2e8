using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>The syslog priorities a <c>msg</c> resource accepts, by the names the reference uses.</summary>
internal static class MsgPriority
{
    /// <summary>The names, most severe first; the index is the syslog severity number.</summary>
    public static readonly string[] Names = ["Emerg", "Alert", "Crit", "Err", "Warning", "Notice", "Info", "Debug"];

    /// <summary>The priority used when none is given.</summary>
    public const string Default = "Notice";

    /// <summary>The syslog severity (0 = emergency ... 7 = debug), or -1 for an unknown name.</summary>
    public static int Severity(string name) => name.Length == 0 ? 5 : Array.IndexOf(Names, name);

    /// <summary>The level of our own log line for a severity.</summary>
    public static LogLevel LogLevelOf(int severity) => severity switch
    {
        <= 2 => LogLevel.Critical,
        3 => LogLevel.Error,
        4 => LogLevel.Warning,
        5 or 6 => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
