using Mgmt.Engine.Values;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// A <c>for</c> or <c>forkv</c> statement: one instance of the body per element, keyed by index (lists) or key
/// (maps), so that a growing or shrinking collection only adds or removes those instances; an element whose value
/// changes flows into its existing instance. The collection is read by the interpreter, so an error there stops
/// the program.
/// </summary>
internal abstract class LoopDriver : SubgraphDriver
{
    protected LoopDriver(Lowerer lowerer, GraphNode collection, Stmt loop, ProgramStmt body, ProgramFrame frame)
        : base(loop.Span, collection)
    {
        Lowerer = lowerer;
        Loop = loop;
        Body = body;
        Frame = frame;
        IsSink = true;
    }

    protected Lowerer Lowerer { get; }

    protected Stmt Loop { get; }

    protected ProgramStmt Body { get; }

    protected ProgramFrame Frame { get; }

    /// <summary>The iterations' frames in output order (index order, or key order for maps).</summary>
    public abstract IEnumerable<ProgramFrame> Iterations { get; }

    /// <summary>Builds one iteration in its own scope.</summary>
    protected (GraphScope Scope, ProgramFrame Frame) AddIteration(FunctionGraph graph, Value keyValue, Func<GraphScope, GraphNode> element)
    {
        var scope = Open(graph);
        var key = graph.Add(new ConstantNode(keyValue, Span), scope);
        var value = element(scope);
        var frame = Lowerer.CreateProgramFrame(Body, Frame, scope, Loop, key, value);
        Lowerer.LowerStatements(frame);
        return (scope, frame);
    }
}

/// <summary><c>for $i, $v in list { ... }</c>.</summary>
internal sealed class ForDriver(Lowerer lowerer, GraphNode list, ForStmt loop, ProgramFrame frame)
    : LoopDriver(lowerer, list, loop, loop.Body, frame)
{
    private readonly List<(GraphScope Scope, ProgramFrame Frame)> _iterations = [];

    public override string Label => "for";

    public override string InputName(int index) => "list";

    public override IEnumerable<ProgramFrame> Iterations => _iterations.Select(i => i.Frame);

    internal override NodeState Compute(FunctionGraph graph)
    {
        var state = Inputs[0].State;
        if (state.IsEmpty) return NodeState.Empty;
        if (state.Error is { } error) return NodeState.Failed(error);
        var count = ((ListValue)state.Value!).Count;
        while (_iterations.Count > count)
        {
            Close(graph, _iterations[^1].Scope);
            _iterations.RemoveAt(_iterations.Count - 1);
        }
        while (_iterations.Count < count)
        {
            var index = _iterations.Count;
            _iterations.Add(AddIteration(graph, Value.Int(index),
                scope => graph.Add(new ElementNode(Inputs[0], this, index, Span), scope)));
        }
        return Ready;
    }

    internal override void Stop(FunctionGraph graph)
    {
        base.Stop(graph);
        _iterations.Clear();
    }
}

/// <summary><c>forkv $k, $v in map { ... }</c>.</summary>
internal sealed class ForKVDriver(Lowerer lowerer, GraphNode map, ForKVStmt loop, ProgramFrame frame)
    : LoopDriver(lowerer, map, loop, loop.Body, frame)
{
    private readonly Dictionary<Value, (GraphScope Scope, ProgramFrame Frame)> _iterations = [];

    public override string Label => "forkv";

    public override string InputName(int index) => "map";

    public override IEnumerable<ProgramFrame> Iterations =>
        _iterations.OrderBy(i => i.Key, ValueOrder.Instance).Select(i => i.Value.Frame);

    internal override NodeState Compute(FunctionGraph graph)
    {
        var state = Inputs[0].State;
        if (state.IsEmpty) return NodeState.Empty;
        if (state.Error is { } error) return NodeState.Failed(error);
        var map = (MapValue)state.Value!;
        foreach (var gone in _iterations.Keys.Where(k => !map.TryGet(k, out _)).ToList())
        {
            Close(graph, _iterations[gone].Scope);
            _iterations.Remove(gone);
        }
        foreach (var (key, _) in map.Entries)
        {
            if (_iterations.ContainsKey(key)) continue;
            _iterations[key] = AddIteration(graph, key,
                scope => graph.Add(new ElementNode(Inputs[0], this, key, Span), scope));
        }
        return Ready;
    }

    internal override void Stop(FunctionGraph graph)
    {
        base.Stop(graph);
        _iterations.Clear();
    }
}
