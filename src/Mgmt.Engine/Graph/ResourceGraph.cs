using System.Text;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Graph;

/// <summary>An edge of a resource graph: ordering, and a refresh notification when <see cref="Notify"/> is set.</summary>
public sealed class Edge(string name, bool notify = false)
{
    public string Name { get; } = name;
    public bool Notify { get; } = notify;

    public override string ToString() => Name;
}

/// <summary>
/// A graph of resources: what a front end produces and the engine runs. Vertices are resource objects
/// (identity); <see cref="Find"/> looks one up by kind and name.
/// </summary>
public sealed class ResourceGraph() : Digraph<Resource, Edge>(ReferenceEqualityComparer.Instance)
{
    public string Name { get; set; } = "";

    /// <summary>Send/recv bindings: the receiving resource's parameter gets the sender's send key.</summary>
    public List<SendRecvBinding> Bindings { get; } = [];

    /// <summary>
    /// The next graph, made from this one without copying it: same name, bindings, vertices, edges and order, its
    /// changes recorded (<see cref="Digraph{TVertex, TEdge}.Changes"/>); this graph is frozen from then on. A front
    /// end that derives each graph from the one it last committed lets the engine plan the swap from the changes
    /// alone (see <see cref="Runtime.Engine.CommitAsync"/>).
    /// </summary>
    public new ResourceGraph Derive()
    {
        var next = new ResourceGraph { Name = Name };
        next.Bindings.AddRange(Bindings);
        DeriveInto(next);
        return next;
    }

    public Resource? Find(string kind, string name) =>
        Vertices.FirstOrDefault(r => r.Kind == kind && r.Name == name);

    /// <summary>Adds an edge named <c>from -> to</c>, as the front ends and automatic edges name them.</summary>
    public void Connect(Resource from, Resource to, bool notify = false) =>
        AddEdge(from, to, new Edge($"{from} -> {to}", notify || (TryGetEdge(from, to, out var e) && e.Notify)));

    /// <summary>
    /// The printout used by the conformance suite and in tests: sorted <c>Vertex: kind[name]</c> lines, then
    /// <c>Edge: a -> b # label</c> lines.
    /// </summary>
    public string Sprint()
    {
        var sb = new StringBuilder();
        var sorted = Vertices.OrderBy(v => v.ToString(), StringComparer.Ordinal).ToList();
        foreach (var v in sorted) sb.Append("Vertex: ").Append(v).Append('\n');
        foreach (var from in sorted)
        {
            foreach (var (to, e) in OutgoingOf(from).OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal))
            {
                sb.Append("Edge: ").Append(from).Append(" -> ").Append(to).Append(" # ").Append(e.Name).Append('\n');
            }
        }
        return sb.ToString().TrimEnd('\n');
    }
}

/// <summary>One send/recv binding: <c>Sender.Key -> Receiver.Param</c>.</summary>
public sealed record SendRecvBinding(Resource Sender, string Key, Resource Receiver, string Param);
