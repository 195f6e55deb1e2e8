using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

internal sealed partial class Lowerer
{
    /// <summary>
    /// Lowers the output-producing statements of a block instance: resources, edges, the drivers of <c>if</c>
    /// and loops, and included classes. Bound variables are lowered when first used, not here.
    /// </summary>
    public void LowerStatements(ProgramFrame frame)
    {
        var scope = frame.Scope;
        foreach (var statement in frame.Program.Statements)
        {
            switch (statement)
            {
                case ResourceStmt resource:
                    frame.Statements.Add(LowerResource(resource, frame, scope));
                    break;
                case EdgeStmt edge:
                    frame.Statements.Add(new EdgeInstance(edge, [.. edge.Halves.Select(h => Sink(Lower(h.Name, frame, scope)))]));
                    break;
                case IfStmt branch:
                    var condition = Lower(branch.Condition, frame, scope);
                    frame.Statements.Add(new IfInstance(Graph.Add(new IfStmtDriver(this, condition, branch, frame), scope)));
                    break;
                case ForStmt loop:
                    var list = Lower(loop.List, frame, scope);
                    frame.Statements.Add(new LoopInstance(Graph.Add(new ForDriver(this, list, loop, frame), scope)));
                    break;
                case ForKVStmt loop:
                    var map = Lower(loop.Map, frame, scope);
                    frame.Statements.Add(new LoopInstance(Graph.Add(new ForKVDriver(this, map, loop, frame), scope)));
                    break;
                case IncludeStmt include:
                    var instance = frame.Includes[include];
                    LowerStatements(instance);
                    frame.Statements.Add(new IncludeInstance(instance));
                    break;
            }
        }
    }

    private ResourceInstance LowerResource(ResourceStmt resource, ProgramFrame frame, GraphScope scope)
    {
        var name = Sink(Lower(resource.Name, frame, scope));
        var entries = new List<EntryInstance>(resource.Entries.Count);
        foreach (var entry in resource.Entries)
        {
            var condition = entry.Condition is { } c ? Sink(Lower(c, frame, scope)) : null;
            var value = entry switch
            {
                ResourceFieldEntry field => Lower(field.Value, frame, scope),
                ResourceMetaEntry meta => Lower(meta.Value, frame, scope),
                ResourceEdgeEntry edge => Lower(edge.Target.Name, frame, scope),
                _ => throw Internal($"unknown resource entry {entry}", entry.Span),
            };
            entries.Add(new EntryInstance(entry, condition, Sink(value)));
        }
        var collected = resource.IsCollect ? Sink(LowerCollect(resource, scope)) : null;
        return new ResourceInstance(resource, name, entries, collected);
    }

    /// <summary>
    /// The stream of exported resources a <c>collect</c> statement takes from: one <c>_collect</c> call per
    /// statement instance, on the statement's kind, so the program reacts as exports come and go.
    /// </summary>
    private GraphNode LowerCollect(ResourceStmt resource, GraphScope scope)
    {
        var kind = Graph.Add(new ConstantNode(Value.Str(resource.Kind), resource.Span), scope);
        var node = Core.WorldFunctions.CollectFunctions.CreateCollectNode();
        try
        {
            node.Init(contextFor?.Invoke(resource.Span.File) ?? Graph.Context);
        }
        catch (FunctionException e)
        {
            throw new FunctionGraphException(e.Message, resource.Span, e);
        }
        var type = Core.WorldFunctions.CollectFunctions.CollectType;
        return Graph.Add(new StreamCallNode(Core.WorldFunctions.CollectFunctions.InternalName, node, type, resource.Span, [kind]), scope);
    }

    private GraphNode Sink(GraphNode node)
    {
        Graph.MarkSink(node);
        return node;
    }
}
