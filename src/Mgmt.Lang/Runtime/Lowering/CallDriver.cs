using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Runtime.Graph;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// A call of a function value that is only known at run time (<c>$f(x)</c> where <c>$f</c> changes). Each time a
/// different function arrives, the previous body is removed and the new one is built, wired to the same argument
/// nodes.
/// </summary>
internal sealed class CallDriver(Lowerer lowerer, GraphNode function, GraphNode[] args, SourceSpan span)
    : ForwardingDriver(span, function)
{
    private FuncValue? _current;
    private GraphScope? _body;

    public override string Label => "call";

    public override string InputName(int index) => "fn";

    internal override NodeState Compute(FunctionGraph graph)
    {
        var fn = Inputs[0].State;
        if (fn.IsEmpty) return NodeState.Empty;
        if (fn.Error is not null)
        {
            Replace(graph, null);
            graph.SetSource(Output, Inputs[0]);
            return Ready;
        }
        var value = (FuncValue)fn.Value!;
        if (ReferenceEquals(value, _current)) return Ready;
        Replace(graph, value);
        _body = Open(graph);
        graph.SetSource(Output, value.Instantiate(new SubgraphContext(lowerer, _body), args, Span));
        return Ready;
    }

    private void Replace(FunctionGraph graph, FuncValue? next)
    {
        Close(graph, _body);
        _body = null;
        _current = next;
    }
}
