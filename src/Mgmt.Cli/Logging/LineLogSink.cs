using System.Text;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Logging;

/// <summary>Formats and writes log lines; one lock keeps lines from different threads whole.</summary>
internal sealed class LineLogSink(TextWriter output, LogLevel minimum, TimeProvider time)
{
    private readonly Lock _lock = new();

    public LogLevel Minimum { get; } = minimum;

    public void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var now = time.GetLocalNow();
        var line = new StringBuilder(64 + message.Length)
            .Append(now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture))
            .Append(' ').Append(LevelName(level))
            .Append(' ').Append(category).Append(": ").Append(message);
        if (exception is not null)
        {
            // The message normally already says what went wrong; the exception adds the cause. Stack traces
            // are for debugging mgmt itself, so they only appear at debug level.
            if (!message.Contains(exception.Message, StringComparison.Ordinal)) line.Append(": ").Append(exception.Message);
            if (Minimum <= LogLevel.Debug) line.Append('\n').Append(exception);
        }
        line.Append('\n');
        lock (_lock)
        {
            output.Write(line.ToString());
            output.Flush();
        }
    }

    public void Flush()
    {
        lock (_lock) output.Flush();
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
