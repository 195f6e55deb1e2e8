using System.Collections.Concurrent;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources.Tests.SimpleKinds;

/// <summary>
/// A resource context for driving one resource by hand: it records log lines, events and sent values, and
/// lets a test set the refresh flag and received values before each CheckApply.
/// </summary>
internal sealed class FakeContext : IResourceContext, IDisposable
{
    private readonly string _varRoot = Directory.CreateTempSubdirectory("mgmt-res-test-").FullName;
    private readonly SemaphoreSlim _events = new(0);
    private int _eventCount;

    public FakeContext(TimeProvider? time = null) => Time = time ?? TimeProvider.System;

    public string Hostname => "testhost";

    public RecordingLogger Log { get; } = new();

    public ILogger Logger => Log;

    public TimeProvider Time { get; }

    public IServiceProvider Services => EmptyProvider.Instance;

    public LocalValues Local { get; } = new();

    public bool IsRunning { get; private set; }

    public int EventCount => Volatile.Read(ref _eventCount);

    public bool Refresh { get; set; }

    public Dictionary<string, ReceivedValue> ReceivedValues { get; } = [];

    public IReadOnlyDictionary<string, ReceivedValue> Received => ReceivedValues;

    public ConcurrentQueue<IReadOnlyDictionary<string, Value>> Sent { get; } = new();

    public void Running() => IsRunning = true;

    public void Event()
    {
        Interlocked.Increment(ref _eventCount);
        _events.Release();
    }

    /// <summary>Waits for the next Event() call; false on timeout.</summary>
    public Task<bool> WaitEventAsync(TimeSpan timeout) => _events.WaitAsync(timeout);

    public void Send(IReadOnlyDictionary<string, Value> values) => Sent.Enqueue(values);

    public string VarDir(string name)
    {
        var dir = Path.Combine(_varRoot, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose() => Directory.Delete(_varRoot, recursive: true);

    private sealed class EmptyProvider : IServiceProvider
    {
        public static readonly EmptyProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>Keeps every log line (with its level) for assertions.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Lines => [.. _lines];

    public IEnumerable<string> Texts => _lines.Select(l => l.Text);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, formatter(state, exception)));
}
