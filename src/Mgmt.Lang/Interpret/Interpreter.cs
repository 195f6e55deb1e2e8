using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Runtime.Lowering;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Interpret;

/// <summary>
/// Walks the active statement instances (the program, the active <c>if</c> branches, the loop iterations, the
/// included classes) and reads the current values to list the resources, edges and send/recv bindings the
/// program asks for. Errors are <see cref="LangException"/>s in the interpret phase (or the stream phase when a
/// value read is an uncaught error).
/// </summary>
internal sealed class Interpreter(ResourceRegistry registry)
{
    private readonly ResourceBuilder _builder = new(registry);

    // The resources of this table that came from or went into a memo: (index in the output, instance, name).
    private readonly List<(int Index, ResourceInstance Instance, string Name)> _remembered = [];

    public ProgramOutput Run(ProgramFrame root)
    {
        var output = new ProgramOutput();
        _remembered.Clear();
        Walk(root, output);
        if (output.SendRecv.Count > 0) KeepOutOfSendRecv(output);
        _remembered.Clear();
        return output;
    }

    /// <summary>The value of a node the interpreter needs; an error value is uncaught and stops the program.</summary>
    public static Value Read(GraphNode node)
    {
        var state = node.State;
        if (state.Error is { } e) throw new LangException(Phase.Stream, e.Message, e.Origin);
        return state.Value ?? throw new LangException(Phase.Interpret, "internal error: a value is missing from a complete table", node.Span);
    }

    /// <summary>A resource name value: one string, or a list of them.</summary>
    public static IReadOnlyList<string> Names(GraphNode node) => Read(node) switch
    {
        StrValue s => [s.V],
        ListValue l => [.. l.Items.Select(i => i.AsStr())],
        var other => throw new LangException(Phase.Interpret, $"a resource name must be a str or a []str, not a {other.Type}", node.Span),
    };

    private void Walk(ProgramFrame frame, ProgramOutput output)
    {
        foreach (var statement in frame.Statements)
        {
            switch (statement)
            {
                case ResourceInstance resource:
                    AddResource(resource, output);
                    break;
                case EdgeInstance edge:
                    AddEdges(edge, output);
                    break;
                case IfInstance branch:
                    Read(branch.Driver);
                    if (branch.Driver.ActiveBranch is { } active) Walk(active, output);
                    break;
                case LoopInstance loop:
                    Read(loop.Driver);
                    foreach (var iteration in loop.Driver.Iterations) Walk(iteration, output);
                    break;
                case IncludeInstance include:
                    Walk(include.Frame, output);
                    break;
            }
        }
    }

    private void AddResource(ResourceInstance instance, ProgramOutput output)
    {
        var statement = instance.Statement;
        if (statement.Kind == BuiltinNames.PanicResourceKind)
        {
            // The panic function stops the program before its branch is ever taken; this is the last safeguard.
            throw new LangException(Phase.Stream, "the program panicked", statement.Span);
        }
        if (statement.IsCollect)
        {
            AddCollected(instance, output);
            return;
        }
        if (Read(instance.Name) is StrValue single)
        {
            instance.Memo.Replace(Make(instance, single.V, output));
            AddEntryEdges(instance, single.V, output);
            return;
        }
        var names = Names(instance.Name);
        var made = new Dictionary<string, BuiltResource>(names.Count, StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (Make(instance, name, output) is { } built) made[name] = built;
            AddEntryEdges(instance, name, output);
        }
        instance.Memo.Replace(made);
    }

    /// <summary>
    /// Adds the resource <paramref name="name"/> of <paramref name="instance"/> to the output: the object of the
    /// last table when it was made from the same values, else a new one. Returns what to remember of it.
    /// </summary>
    private BuiltResource? Make(ResourceInstance instance, string name, ProgramOutput output)
    {
        var span = instance.Statement.Span;
        if (instance.Memo.Find(name) is { } last && last.MadeFrom(instance))
        {
            _remembered.Add((output.Resources.Count, instance, name));
            output.Resources.Add(new ResourceOutput(last.Resource, span, Reused: true));
            return last;
        }
        var resource = _builder.Build(instance, name);
        output.Resources.Add(new ResourceOutput(resource, span));
        output.Made.Add(resource);
        if (ResourceMemo.MayBeWritten(resource)) return null;
        _remembered.Add((output.Resources.Count - 1, instance, name));
        return new BuiltResource(name, BuiltResource.Capture(instance), resource);
    }

    /// <summary>
    /// The engine writes received values into receivers (and keeps what senders sent): such objects must not be
    /// handed out again. They are forgotten, and one that was reused this time is replaced by a new one.
    /// </summary>
    private void KeepOutOfSendRecv(ProgramOutput output)
    {
        var ends = new HashSet<(string, string)>();
        foreach (var link in output.SendRecv)
        {
            ends.Add((link.FromKind, link.FromName));
            ends.Add((link.ToKind, link.ToName));
        }
        foreach (var (index, instance, name) in _remembered)
        {
            var item = output.Resources[index];
            if (!ends.Contains((item.Resource.Kind, name))) continue;
            instance.Memo.Forget(name);
            if (!item.Reused) continue;
            var fresh = _builder.Build(instance, name);
            output.Resources[index] = new ResourceOutput(fresh, item.Span);
            output.Made.Add(fresh);
        }
    }

    /// <summary>
    /// A <c>collect</c> statement: every exported resource of its kind (visible to this host) whose name the
    /// statement asks for: by name (<c>str</c> or <c>[]str</c>, from any host) or by name and exporting host
    /// (<c>[]struct{name str; host str}</c>, as <c>world/collect.res</c> lists them).
    /// </summary>
    private void AddCollected(ResourceInstance instance, ProgramOutput output)
    {
        var wanted = CollectSelection.Of(Read(instance.Name), instance.Name.Span);
        foreach (var item in Read(instance.Collected!).AsList().Items)
        {
            var fields = item.AsStruct().Fields;
            var (name, host, data) = (fields[0].AsStr(), fields[1].AsStr(), fields[2].AsStr());
            if (!wanted(name, host)) continue;
            var collected = _builder.Collect(instance, name, host, data);
            output.Resources.Add(new ResourceOutput(collected, instance.Statement.Span));
            output.Made.Add(collected);
            AddEntryEdges(instance, name, output);
        }
    }

    // Before/Notify point from this resource to the target, Depend/Listen from the target to this one; Notify and
    // Listen carry refreshes. Several lines naming the same target collapse into one edge that notifies if any does.
    private static void AddEntryEdges(ResourceInstance instance, string name, ProgramOutput output)
    {
        var kind = instance.Statement.Kind;
        Dictionary<(bool Outgoing, string Kind, string Name), bool>? collated = null;
        List<(bool Outgoing, string Kind, string Name)>? order = null;
        var entries = instance.Entries;
        for (var e = 0; e < entries.Count; e++) // by index: no enumerator per resource and table
        {
            var entry = entries[e];
            if (entry.Entry is not ResourceEdgeEntry edge || !ConditionHolds(entry)) continue;
            collated ??= [];
            order ??= [];
            var (outgoing, notify) = edge.Property switch
            {
                "before" => (true, false),
                "notify" => (true, true),
                "depend" => (false, false),
                "listen" => (false, true),
                var p => throw new LangException(Phase.Interpret, $"unknown edge property '{p}': use Before, Depend, Notify or Listen", edge.Span),
            };
            foreach (var target in Names(entry.Value))
            {
                var key = (outgoing, edge.Target.Kind, target);
                if (collated.TryGetValue(key, out var previous)) collated[key] = previous || notify;
                else
                {
                    collated[key] = notify;
                    order.Add(key);
                }
            }
        }
        if (order is null) return;
        foreach (var key in order)
        {
            output.Edges.Add(key.Outgoing
                ? new EdgeOutput(kind, name, key.Kind, key.Name, collated![key], instance.Statement.Span)
                : new EdgeOutput(key.Kind, key.Name, kind, name, collated![key], instance.Statement.Span));
        }
    }

    /// <summary>False when the line has an elvis condition that is false now.</summary>
    public static bool ConditionHolds(EntryInstance entry) => entry.Condition is not { } c || Read(c).AsBool();

    private static void AddEdges(EdgeInstance instance, ProgramOutput output)
    {
        var halves = instance.Statement.Halves;
        var names = instance.Names.Select(Names).ToList();
        for (var i = 0; i + 1 < halves.Count; i++)
        {
            foreach (var from in names[i])
            {
                foreach (var to in names[i + 1])
                {
                    output.Edges.Add(new EdgeOutput(halves[i].Kind, from, halves[i + 1].Kind, to, false, instance.Statement.Span));
                    if (instance.Statement.IsSendRecv)
                    {
                        output.SendRecv.Add(new SendRecvOutput(
                            halves[i].Kind, from, halves[i].SendRecv!, halves[i + 1].Kind, to, halves[i + 1].SendRecv!, instance.Statement.Span));
                    }
                }
            }
        }
    }
}
