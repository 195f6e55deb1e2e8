using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Tests.Support;

/// <summary>
/// <c>tlink</c>: a resource with no side effects whose automatic edges come from its parameters: it offers its name
/// (and <see cref="Alias"/>) as identities and seeks <see cref="Seeks"/>, in the reverse direction when
/// <see cref="Reverse"/> is set; so a change of parameters alone moves its edges. Counts the comparisons made on it.
/// </summary>
[ResourceKind("tlink")]
public sealed class LinkResource : Resource, IEdgeable
{
    private int _comparisons;

    [Param("alias")] public string Alias { get; set; } = "";

    [Param("seeks")] public List<string> Seeks { get; set; } = [];

    [Param("reverse")] public bool Reverse { get; set; }

    [Param("value")] public long Value { get; set; }

    /// <summary>How many times a graph swap compared this (running) resource with a new one.</summary>
    public int Comparisons => Volatile.Read(ref _comparisons);

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) => Task.FromResult(true);

    public override bool SameAs(Resource other)
    {
        Interlocked.Increment(ref _comparisons);
        return base.SameAs(other);
    }

    public IEnumerable<ResourceUid> Uids() =>
        Alias.Length == 0 ? [new("tlink", Name)] : [new("tlink", Name), new("tlink", Alias)];

    public IEnumerable<AutoEdgeSeek> AutoEdges() =>
        Seeks.Count == 0 ? [] : [new AutoEdgeSeek([.. Seeks.Select(s => new ResourceUid("tlink", s))], Reverse, StopWhenFound: false)];
}
