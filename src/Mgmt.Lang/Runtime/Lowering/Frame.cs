using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// One evaluation context of the program: what the variables of a piece of code stand for in one of its
/// instances. The same code can have many frames at once (one per loop iteration, per call of a lambda, per
/// include of a class). Frames chain lexically: a lambda's body frame continues the frame the lambda was written
/// in, not the one it is called from.
/// </summary>
internal abstract class Frame(Frame? parent, GraphScope scope)
{
    public Frame? Parent { get; } = parent;

    /// <summary>Where nodes that belong to this frame live (and die).</summary>
    public GraphScope Scope { get; } = scope;
}

/// <summary>
/// An instance of a block of statements: the program, an active <c>if</c> branch, one loop iteration, or an
/// included class. It owns the nodes of the variables bound in the block (made on first use and shared by every
/// use), and keeps its statements' instances for the interpreter.
/// </summary>
internal sealed class ProgramFrame(ProgramStmt program, Frame? parent, GraphScope scope) : Frame(parent, scope)
{
    public ProgramStmt Program { get; } = program;

    /// <summary>For a loop iteration: the loop, and the nodes of its index (or key) and value variables.</summary>
    public Stmt? Loop { get; init; }

    public GraphNode? LoopKey { get; init; }

    public GraphNode? LoopValue { get; init; }

    /// <summary>Nodes of the expressions bound in this block, by bound expression.</summary>
    public Dictionary<Expr, GraphNode> Bound { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The frames of the classes this block includes.</summary>
    public Dictionary<IncludeStmt, ProgramFrame> Includes { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>What each output-producing statement of the block lowered to, in source order.</summary>
    public List<StatementInstance> Statements { get; } = [];
}

/// <summary>One call of a lambda or of a <c>func</c> statement instance: its parameters are the call's argument nodes.</summary>
internal sealed class CallFrame(FuncExpr function, IReadOnlyList<GraphNode> args, Frame? parent, GraphScope scope)
    : Frame(parent, scope)
{
    public FuncExpr Function { get; } = function;

    public IReadOnlyList<GraphNode> Args { get; } = args;
}
