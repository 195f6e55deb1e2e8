using System.Text;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// Prints the function graph as the reference prints its own (sorted <c>Vertex:</c> lines, then <c>Edge:</c>
/// lines labelled with the argument names an edge feeds). The shapes differ from the reference's where our
/// lowering does, so this is a debugging aid and a best-effort match, not a contract.
/// </summary>
internal static class FunctionGraphPrinter
{
    public static string Print(FunctionGraph graph)
    {
        // A lambda that was only ever called where it was written was built in place: its value node is unused.
        var nodes = graph.AllNodes(graph.Root)
            .Where(n => !(n is ConstantNode { Value: FuncValue } && n.Dependents.Count == 0))
            .ToList();
        var lines = new List<string>(nodes.Count * 2);
        foreach (var node in nodes) lines.Add("Vertex: " + node.Label);
        foreach (var node in nodes)
        {
            // One edge per ordered pair: a node feeding several arguments shows them all on one edge.
            var names = new Dictionary<GraphNode, List<string>>(ReferenceEqualityComparer.Instance);
            var order = new List<GraphNode>();
            for (var i = 0; i < node.Inputs.Count; i++) Note(node.Inputs[i], node.InputName(i));
            if (node is ForwardNode { Source: { IsLive: true } source }) Note(source, "out");
            foreach (var from in order) lines.Add($"Edge: {from.Label} -> {node.Label} # {string.Join(", ", names[from])}");

            void Note(GraphNode from, string name)
            {
                if (!names.TryGetValue(from, out var list))
                {
                    names[from] = list = [];
                    order.Add(from);
                }
                list.Add(name);
            }
        }
        lines.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var line in lines) sb.Append(line).Append('\n');
        return sb.ToString().TrimEnd('\n');
    }
}
