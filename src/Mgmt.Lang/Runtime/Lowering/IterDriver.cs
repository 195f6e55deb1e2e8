using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime.Graph;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// The call of a higher-order built-in (<see cref="SubgraphFunctionNode"/>): rebuilds the function's sub-graph
/// when the arguments change shape, and passes the sub-graph's result on.
/// </summary>
internal sealed class IterDriver(
    Lowerer lowerer, string label, SubgraphFunctionNode function, FuncType type, GraphNode[] args, SourceSpan span)
    : ForwardingDriver(span, args)
{
    private IReadOnlyList<Value>? _built;
    private GraphScope? _scope;

    public override string Label => label;

    public override string InputName(int index) =>
        index < type.Parameters.Count && type.Parameters[index].Name is { } n ? n : base.InputName(index);

    internal override NodeState Compute(FunctionGraph graph)
    {
        if (InputsIncomplete(out var error)) return NodeState.Empty;
        if (error is not null)
        {
            Close(graph, _scope);
            (_scope, _built) = (null, null);
            graph.SetSource(Output, Inputs.First(i => i.State.Error is not null));
            return Ready;
        }
        var values = Inputs.Select(i => i.State.Value!).ToArray();
        if (_built is not null && !function.NeedsRebuild(_built, values)) return Ready;
        Close(graph, _scope);
        _built = values;
        _scope = Open(graph);
        GraphNode result;
        try
        {
            result = function.Build(new Builder(this, lowerer, graph, _scope), values);
        }
        catch (CatchableException e)
        {
            result = graph.Add(new ConstantErrorNode(new RuntimeError(e.Message, Span)), _scope);
        }
        catch (FunctionException e)
        {
            throw new FunctionGraphException(e.Message, Span, e);
        }
        graph.SetSource(Output, result);
        return Ready;
    }

    private sealed class Builder(IterDriver driver, Lowerer lowerer, FunctionGraph graph, GraphScope scope) : ISubgraphBuilder
    {
        public GraphNode Argument(int index) => driver.Inputs[index];

        public GraphNode Element(GraphNode list, int index) =>
            graph.Add(new ElementNode(list, driver, index, driver.Span), scope);

        public GraphNode Call(FuncValue function, params GraphNode[] args) =>
            function.Instantiate(new SubgraphContext(lowerer, scope), args, driver.Span);

        public GraphNode Combine(string label, Func<IReadOnlyList<Value>, Value> compute, params GraphNode[] inputs) =>
            graph.Add(new CallNode(label, new DelegateFunction(compute), DataType.Func([], DataType.Variant), driver.Span, inputs), scope);

        public GraphNode Constant(Value value) => graph.Add(new ConstantNode(value, driver.Span), scope);
    }

    private sealed class DelegateFunction(Func<IReadOnlyList<Value>, Value> compute) : PureFunctionNode
    {
        public override Value Call(IReadOnlyList<Value> args) => compute(args);
    }

    /// <summary>A node that holds a catchable error from the start (a sub-graph that could not be built).</summary>
    private sealed class ConstantErrorNode(RuntimeError error) : GraphNode(error.Origin)
    {
        public override string Label => "error";

        internal override NodeState Compute(FunctionGraph graph) => NodeState.Failed(error);
    }
}
