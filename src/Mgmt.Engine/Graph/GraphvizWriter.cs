using System.Text;

namespace Mgmt.Engine.Graph;

/// <summary>
/// Writes a resource graph in graphviz DOT form (for <c>--graphviz FILE</c>): one node per vertex labelled
/// <c>kind[name]</c> (with its grouped members under it), one arrow per edge labelled with the edge's name,
/// dashed when it notifies.
/// </summary>
public static class GraphvizWriter
{
    public static void Write(ResourceGraph graph, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("digraph ");
        writer.Write(Quote(graph.Name.Length > 0 ? graph.Name : "mgmt"));
        writer.Write(" {\n");
        writer.Write("\tlabel=");
        writer.Write(Quote(graph.Name));
        writer.Write(";\n");
        var ids = new Dictionary<Resources.Resource, string>(ReferenceEqualityComparer.Instance);
        foreach (var v in graph.Vertices)
        {
            var id = v.ToString() + (v.Meta.Hidden ? " (hidden)" : "");
            ids[v] = id;
            var label = new StringBuilder(id);
            foreach (var m in v.GroupedMembers) label.Append('\n').Append("+ ").Append(m);
            writer.Write('\t');
            writer.Write(Quote(id));
            writer.Write(" [label=");
            writer.Write(Quote(label.ToString()));
            writer.Write(v.Meta.Hidden ? ", style=dotted" : "");
            writer.Write("];\n");
        }
        foreach (var (from, to, edge) in graph.Edges())
        {
            writer.Write('\t');
            writer.Write(Quote(ids[from]));
            writer.Write(" -> ");
            writer.Write(Quote(ids[to]));
            writer.Write(" [label=");
            writer.Write(Quote(edge.Name));
            writer.Write(edge.Notify ? ", style=dashed" : "");
            writer.Write("];\n");
        }
        writer.Write("}\n");
    }

    /// <summary>A DOT double-quoted string: backslashes and quotes escaped, newlines as <c>\n</c>.</summary>
    private static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
