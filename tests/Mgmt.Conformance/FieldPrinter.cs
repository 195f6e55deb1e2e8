using System.Text;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;

namespace Mgmt.Conformance;

/// <summary>
/// The TestAstFunc3 printout (README §4.3): the graph, then for every vertex its non-zero parameters as
/// <c>Field: kind[name].Property = value</c> and, for group parents, their members as <c>Group:</c> lines.
/// </summary>
public static class FieldPrinter
{
    public static string Print(ResourceGraph graph)
    {
        var sb = new StringBuilder(graph.Sprint());
        foreach (var vertex in graph.Vertices)
        {
            sb.Append('\n').Append(Fields(vertex));
            foreach (var member in vertex.GroupedMembers)
            {
                var block = Fields(member) + $"Vertex: {member}";
                foreach (var line in block.Split('\n')) sb.Append($"Group: {vertex}: {line}\n");
            }
        }
        return sb.ToString();
    }

    private static string Fields(Resource resource)
    {
        var sb = new StringBuilder();
        foreach (var p in resource.Descriptor.Params)
        {
            if (p.IsZero(resource)) continue;
            sb.Append($"Field: {resource}.{p.PropertyName} = {p.Get(resource)}\n");
        }
        return sb.ToString();
    }
}
