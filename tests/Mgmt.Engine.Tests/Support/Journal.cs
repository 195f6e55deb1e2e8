using System.Collections.Concurrent;
using System.Diagnostics;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Tests.Support;

/// <summary>One thing a test resource did, with a monotonic timestamp.</summary>
public sealed record Entry(string Resource, string What, long At, bool Refresh = false, string? Detail = null);

/// <summary>
/// What the test resources of one test did, in order. Resources find their journal through their <c>journal</c>
/// parameter (an id), so that copies the engine makes (and resources rebuilt from records) still report here.
/// </summary>
public sealed class Journal
{
    private static readonly ConcurrentDictionary<string, Journal> All = new();
    private readonly List<Entry> _entries = [];
    private readonly ConcurrentDictionary<string, IResourceContext> _contexts = new();
    private readonly ConcurrentDictionary<string, int> _counters = new();

    public Journal()
    {
        Id = Guid.NewGuid().ToString("N");
        All[Id] = this;
    }

    public string Id { get; }

    public static Journal Of(string id) => All.TryGetValue(id, out var j) ? j : throw new InvalidOperationException($"no journal {id}");

    public void Add(string resource, string what, bool refresh = false, string? detail = null)
    {
        lock (_entries) _entries.Add(new Entry(resource, what, Stopwatch.GetTimestamp(), refresh, detail));
    }

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries) return [.. _entries];
        }
    }

    public IReadOnlyList<Entry> Of(string resource, string what) =>
        [.. Entries.Where(e => e.Resource == resource && e.What == what)];

    public int Count(string resource, string what) => Of(resource, what).Count;

    /// <summary>Increments and returns a named counter (1 on the first call).</summary>
    public int Next(string counter) => _counters.AddOrUpdate(counter, 1, (_, n) => n + 1);

    public void Register(string resource, IResourceContext context) => _contexts[resource] = context;

    /// <summary>The context the engine gave a resource at Init.</summary>
    public IResourceContext ContextOf(string resource) => _contexts[resource];

    /// <summary>Sends a watch event to a resource, as if its watch saw a change.</summary>
    public void Event(string resource) => _contexts[resource].Event();

    /// <summary>The largest number of resources that were inside CheckApply at the same time.</summary>
    public int MaxConcurrency()
    {
        var points = Entries.Where(e => e.What is "start" or "end")
            .OrderBy(e => e.At).ThenBy(e => e.What == "end" ? 0 : 1)
            .ToList();
        int now = 0, max = 0;
        foreach (var p in points)
        {
            now += p.What == "start" ? 1 : -1;
            max = Math.Max(max, now);
        }
        return max;
    }
}
