using Mgmt.Engine.Values;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// An <c>if</c> statement: the statements of the branch chosen by the condition are lowered and produce output;
/// when the condition flips, that branch is removed and the other one built. Its condition is read by the
/// interpreter, so an error there stops the program.
/// </summary>
internal sealed class IfStmtDriver : SubgraphDriver
{
    private readonly Lowerer _lowerer;
    private readonly IfStmt _statement;
    private readonly ProgramFrame _frame;
    private bool? _chosen;
    private GraphScope? _scope;

    public IfStmtDriver(Lowerer lowerer, GraphNode condition, IfStmt statement, ProgramFrame frame)
        : base(statement.Span, condition)
    {
        _lowerer = lowerer;
        _statement = statement;
        _frame = frame;
        IsSink = true;
    }

    /// <summary>The frame of the branch that produces output now, if any.</summary>
    public ProgramFrame? ActiveBranch { get; private set; }

    public override string Label => "stmtif";

    public override string InputName(int index) => "condition";

    internal override NodeState Compute(FunctionGraph graph)
    {
        var state = Inputs[0].State;
        if (state.IsEmpty) return NodeState.Empty;
        if (state.Error is { } error) return NodeState.Failed(error);
        var choice = ((BoolValue)state.Value!).V;
        if (choice == _chosen) return Ready;
        Close(graph, _scope);
        (_scope, ActiveBranch, _chosen) = (null, null, choice);
        if ((choice ? _statement.Then : _statement.Else) is { } block)
        {
            _scope = Open(graph);
            ActiveBranch = _lowerer.CreateProgramFrame(block, _frame, _scope);
            _lowerer.LowerStatements(ActiveBranch);
        }
        graph.TableChanged = true;
        return Ready;
    }
}
