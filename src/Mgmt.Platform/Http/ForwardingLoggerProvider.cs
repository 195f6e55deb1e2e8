using Microsoft.Extensions.Logging;

namespace Mgmt.Platform.Http;

/// <summary>
/// Sends what Kestrel has to say that matters (warnings and errors) to the logger of the part of mgmt that runs the
/// server, so that it appears under that resource's or endpoint's name; its chatter below that level is dropped.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILogger target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Forwarder(target);

    public void Dispose()
    {
    }

    private sealed class Forwarder(ILogger target) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && target.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) target.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
