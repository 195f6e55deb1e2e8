using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Logging;

/// <summary>A logger for one category; scopes are accepted and ignored.</summary>
internal sealed class LineLogger(string category, LineLogSink sink) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= sink.Minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        sink.Write(logLevel, category, eventId, formatter(state, exception), exception);
    }
}
