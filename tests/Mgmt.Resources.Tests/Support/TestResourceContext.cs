using System.Collections.Concurrent;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources.Tests.Support;

/// <summary>
/// An <see cref="IResourceContext"/> for driving one resource directly in a test: it counts watch events (and
/// lets a test wait for them), records log lines and sent values, holds a private state directory, and lets
/// the test set refresh, received values, services and the graph the resource sees.
/// </summary>
public sealed class TestResourceContext : IResourceContext, IDisposable
{
    private readonly SemaphoreSlim _events = new(0);
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Made on first use: most resources never ask for a state directory.
    private readonly Lazy<string> _stateRoot = new(() => Directory.CreateTempSubdirectory("mgmt-resource-state-").FullName);
    private int _eventCount;

    public string Hostname { get; set; } = "test-host";

    public RecordingLogger Log { get; } = new();

    public ILogger Logger => Log;

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public TestServices ServiceMap { get; } = new();

    public IServiceProvider Services => ServiceMap;

    public LocalValues Local { get; } = new();

    public bool Refresh { get; set; }

    /// <summary>What <see cref="Received"/> returns; tests fill it before CheckApply.</summary>
    public Dictionary<string, ReceivedValue> ReceivedValues { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ReceivedValue> Received => ReceivedValues;

    /// <summary>The graph the resource sees; null by default, as for a host that cannot tell.</summary>
    public IReadOnlyCollection<Resource>? Graph { get; set; }

    public IReadOnlyCollection<Resource>? GraphResources => Graph;

    /// <summary>Every value sent so far, key by key, last one wins.</summary>
    public ConcurrentDictionary<string, Value> Sent { get; } = new(StringComparer.Ordinal);

    public int SendCount;

    /// <summary>Completes when the resource's watch called <see cref="Running"/>.</summary>
    public Task WhenRunning => _running.Task;

    public int EventCount => Volatile.Read(ref _eventCount);

    public void Running() => _running.TrySetResult();

    public void Event()
    {
        Interlocked.Increment(ref _eventCount);
        _events.Release();
    }

    public void Send(IReadOnlyDictionary<string, Value> values)
    {
        Interlocked.Increment(ref SendCount);
        foreach (var (key, value) in values) Sent[key] = value;
    }

    public string VarDir(string name)
    {
        var dir = Path.Combine(_stateRoot.Value, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>True when a watch event arrives within the time limit; consumes it.</summary>
    public async Task<bool> WaitForEventAsync(TimeSpan? within = null) =>
        await _events.WaitAsync(within ?? TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

    /// <summary>Forgets the events received so far (for example the ones a CheckApply caused itself).</summary>
    public void DrainEvents()
    {
        while (_events.Wait(0))
        {
        }
    }

    public void Dispose()
    {
        if (!_stateRoot.IsValueCreated) return;
        try
        {
            Directory.Delete(_stateRoot.Value, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>A service provider a test fills by type.</summary>
public sealed class TestServices : IServiceProvider
{
    private readonly ConcurrentDictionary<Type, object> _services = new();

    public void Add<T>(T service) where T : class => _services[typeof(T)] = service;

    public object? GetService(Type serviceType) => _services.GetValueOrDefault(serviceType);
}

/// <summary>A logger that keeps every formatted line, for assertions on what a resource reported.</summary>
public sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }

    public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));
}
