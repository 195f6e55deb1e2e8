using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Logging;

/// <summary>
/// The agent's logging: one line per message, <c>HH:MM:SS.mmm level category: message</c> (or one JSON object
/// per event with <see cref="LogFormat.Json"/>), written to one writer (stderr). Small on purpose: start-up stays fast and there is no configuration to load.
/// </summary>
public sealed class LineLoggerFactory : ILoggerFactory
{
    private readonly LineLogSink _sink;

    public LineLoggerFactory(TextWriter output, LogLevel minimum, TimeProvider? time = null, LogFormat format = LogFormat.Text) =>
        _sink = new LineLogSink(output, minimum, time ?? TimeProvider.System, format);

    public LogLevel Minimum => _sink.Minimum;

    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, _sink);

    /// <summary>Other providers are not supported: everything goes to the one writer.</summary>
    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("the mgmt logger writes to one place only");

    public void Dispose() => _sink.Flush();
}
