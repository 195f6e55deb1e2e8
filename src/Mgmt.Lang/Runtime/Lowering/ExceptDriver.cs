using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// <c>primary &lt;|&gt; fallback</c>: passes the primary's value on; only while the primary holds an error is the
/// fallback built (lazily: it may be costly or have effects) and its value passed on instead. When the primary
/// recovers, the fallback is removed again.
/// </summary>
internal sealed class ExceptDriver(Lowerer lowerer, GraphNode primary, ExceptExpr expr, Frame frame)
    : ForwardingDriver(expr.Span, primary)
{
    private GraphScope? _fallbackScope;
    private GraphNode? _fallback;

    public override string Label => "exprexcept";

    public override string InputName(int index) => "primary";

    internal override NodeState Compute(FunctionGraph graph)
    {
        var state = Inputs[0].State;
        if (state.IsEmpty) return NodeState.Empty;
        if (state.Error is null)
        {
            Close(graph, _fallbackScope);
            (_fallbackScope, _fallback) = (null, null);
            graph.SetSource(Output, Inputs[0]);
            return Ready;
        }
        if (_fallback is null)
        {
            _fallbackScope = Open(graph);
            _fallback = lowerer.Lower(expr.Fallback, frame, _fallbackScope);
        }
        graph.SetSource(Output, _fallback);
        return Ready;
    }
}
