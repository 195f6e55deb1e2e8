using Mgmt.Engine.Values;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// An <c>if</c> expression whose condition changes at run time: only the chosen branch is in the graph; when the
/// condition flips the branch is swapped.
/// </summary>
internal sealed class IfExprDriver(Lowerer lowerer, GraphNode condition, IfExpr expr, Frame frame)
    : ForwardingDriver(expr.Span, condition)
{
    private bool? _chosen;
    private GraphScope? _branch;

    public override string Label => "exprif";

    public override string InputName(int index) => "condition";

    internal override NodeState Compute(FunctionGraph graph)
    {
        var state = Inputs[0].State;
        if (state.IsEmpty) return NodeState.Empty;
        if (state.Error is not null)
        {
            Close(graph, _branch);
            (_branch, _chosen) = (null, null);
            graph.SetSource(Output, Inputs[0]);
            return Ready;
        }
        var choice = ((BoolValue)state.Value!).V;
        if (choice == _chosen) return Ready;
        Close(graph, _branch);
        _chosen = choice;
        _branch = Open(graph);
        graph.SetSource(Output, lowerer.Lower(choice ? expr.Then : expr.Else, frame, _branch));
        return Ready;
    }
}
