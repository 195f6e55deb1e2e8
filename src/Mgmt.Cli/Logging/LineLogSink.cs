using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Logging;

/// <summary>Formats and writes log lines; one lock keeps lines from different threads whole.</summary>
internal sealed class LineLogSink(TextWriter output, LogLevel minimum, TimeProvider time, LogFormat format = LogFormat.Text)
{
    private readonly Lock _lock = new();

    public LogLevel Minimum { get; } = minimum;

    public void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var now = time.GetLocalNow();
        var text = format == LogFormat.Json ? Json(now, level, category, eventId, message, exception) : Text(now, level, category, message, exception);
        lock (_lock)
        {
            output.Write(text);
            output.Flush();
        }
    }

    private string Text(DateTimeOffset now, LogLevel level, string category, string message, Exception? exception)
    {
        var line = new StringBuilder(64 + message.Length)
            .Append(now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))
            .Append(' ').Append(LogWords.Name(level))
            .Append(' ').Append(category).Append(": ").Append(message);
        if (exception is not null)
        {
            // The message normally already says what went wrong; the exception adds the cause. Stack traces
            // are for debugging mgmt itself, so they only appear at debug level.
            if (!message.Contains(exception.Message, StringComparison.Ordinal)) line.Append(": ").Append(exception.Message);
            if (Minimum <= LogLevel.Debug) line.Append('\n').Append(exception);
        }
        return line.Append('\n').ToString();
    }

    /// <summary>One JSON object per line; a multi-line message (a diff) stays one string, so one event is one line.</summary>
    private string Json(DateTimeOffset now, LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        using var buffer = new MemoryStream(128 + message.Length);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("time", now.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("level", LogWords.Name(level));
            json.WriteString("category", category);
            if (eventId.Id != 0) json.WriteNumber("event", eventId.Id);
            json.WriteString("message", message);
            if (exception is not null)
            {
                json.WriteString("error", exception.Message);
                if (Minimum <= LogLevel.Debug) json.WriteString("exception", exception.ToString());
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    public void Flush()
    {
        lock (_lock) output.Flush();
    }
}
