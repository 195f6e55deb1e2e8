namespace Mgmt.Engine.Resources;

/// <summary>
/// The resource takes part in automatic edges: it has identities others can seek (<see cref="Uids"/>) and it
/// seeks the identities of what it depends on (<see cref="AutoEdges"/>).
/// </summary>
public interface IEdgeable
{
    /// <summary>What this resource is, for others to find: a file's path, a package's name...</summary>
    IEnumerable<ResourceUid> Uids();

    /// <summary>
    /// What this resource depends on, as ordered seeks. The engine looks each seek's candidates up in the graph
    /// and adds an edge from each match to this resource (or the other way when <see cref="AutoEdgeSeek.Reversed"/>).
    /// </summary>
    IEnumerable<AutoEdgeSeek> AutoEdges();
}

/// <summary>An identity a resource offers for automatic edges, such as <c>(file, /etc/)</c>.</summary>
public readonly record struct ResourceUid(string Kind, string Key);

/// <summary>
/// One step of an automatic-edge search: the identities to look for. When <see cref="StopWhenFound"/> is set
/// and a candidate matched, the later seeks are skipped (a file needs only its nearest managed ancestor).
/// </summary>
public sealed record AutoEdgeSeek(IReadOnlyList<ResourceUid> Candidates, bool Reversed = false, bool StopWhenFound = true);
