using System.Collections.Frozen;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Microsoft.Extensions.Logging;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// The engine's side of one resource: what <see cref="IResourceContext"/> exposes, plus the send/recv state the
/// engine keeps for it. A grouped member has its own context, whose events and refresh are its group's.
/// </summary>
internal sealed class ResourceContext : Changes.ChangeRecorder, IResourceContext
{
    private static readonly IReadOnlyDictionary<string, ReceivedValue> NothingReceived =
        FrozenDictionary<string, ReceivedValue>.Empty;

    private readonly Engine _engine;
    private ILogger? _logger;
    private Dictionary<string, Value>? _sent;
    private Dictionary<string, Value>? _applied;

    public ResourceContext(Engine engine, Resource resource, bool isMember)
        : base(resource)
    {
        _engine = engine;
        IsMember = isMember;
    }

    /// <summary>What the running CheckApply reported it changed: the context itself.</summary>
    public Changes.ChangeRecorder Recorder => this;

    public Changes.IChangeReport Changes => this;

    public bool IsMember { get; }

    /// <summary>The vertex that runs this resource (its group's vertex for a member); set before Init.</summary>
    public Vertex? Vertex { get; set; }

    public string Hostname => _engine.Options.Hostname;

    // Created on first use: most resources never log, and 100,000 loggers are not free.
    public ILogger Logger => _logger ??= _engine.Options.Loggers.CreateLogger(Resource.ToString());

    public TimeProvider Time => _engine.Options.Time;

    public IServiceProvider Services => _engine.Options.Services;

    public LocalValues Local => _engine.Options.Local;

    public void Running()
    {
        if (!IsMember) Vertex?.WatchRunning();
    }

    public void Event() => Vertex?.WatchEvent();

    public bool Refresh => Vertex?.RefreshNow ?? false;

    public IReadOnlyDictionary<string, ReceivedValue> Received { get; private set; } = NothingReceived;

    public void Send(IReadOnlyDictionary<string, Value> values)
    {
        if (Resource is not ISendable)
        {
            throw new InvalidOperationException($"{Resource} sent values but its kind does not implement ISendable");
        }
        foreach (var (key, value) in values)
        {
            var declared = Resource.Descriptor.Sends.FirstOrDefault(s => s.Name == key)
                ?? throw new InvalidOperationException($"{Resource} sent '{key}', which its kind does not declare with [Sends]");
            if (!declared.Type.Equals(value.Type) && declared.Type != DataType.Variant)
            {
                throw new InvalidOperationException($"{Resource} sent '{key}' as {value.Type}, but declared it as {declared.Type}");
            }
        }
        lock (this)
        {
            _sent ??= new Dictionary<string, Value>(StringComparer.Ordinal);
            foreach (var (key, value) in values)
            {
                if (_sent.TryGetValue(key, out var old) && old.Equals(value)) continue;
                _sent[key] = value;
                SentVersion++;
            }
        }
    }

    /// <summary>Counts the changes to the sent values, so that the engine knows when to wake the receivers.</summary>
    public int SentVersion { get; private set; }

    /// <summary>The latest value this resource sent under <paramref name="key"/>, if it sent one.</summary>
    public bool TryGetSent(string key, out Value value)
    {
        lock (this)
        {
            value = null!;
            return _sent is not null && _sent.TryGetValue(key, out value!);
        }
    }

    public string VarDir(string name) => _engine.Paths.VarDir(Resource.Kind, Resource.Name, name);

    public IReadOnlyCollection<Resource>? GraphResources => _engine.GraphResources();

    /// <summary>
    /// Sets what CheckApply will see in <see cref="Received"/>. A value counts as changed when it differs from
    /// the last one a successful CheckApply consumed (or, the first time, from the parameter's own value).
    /// </summary>
    public void SetReceived(Dictionary<string, ReceivedValue> received) =>
        Received = received.Count == 0 ? NothingReceived : received;

    /// <summary>Whether <paramref name="value"/> for <paramref name="param"/> differs from what was last consumed.</summary>
    public bool DiffersFromApplied(string param, Value value, Value? current) =>
        _applied is not null && _applied.TryGetValue(param, out var previous)
            ? !previous.Equals(value)
            : !value.Equals(current);

    /// <summary>A CheckApply ran without error: the received values are consumed and no longer "changed".</summary>
    public void ConsumeReceived()
    {
        if (Received.Count == 0) return;
        _applied ??= new Dictionary<string, Value>(StringComparer.Ordinal);
        var consumed = new Dictionary<string, ReceivedValue>(Received.Count, StringComparer.Ordinal);
        foreach (var (param, received) in Received)
        {
            _applied[param] = received.Value;
            consumed[param] = received with { Changed = false };
        }
        Received = consumed;
    }
}
