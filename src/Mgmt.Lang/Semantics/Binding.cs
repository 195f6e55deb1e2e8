using Mgmt.Engine.Values;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// What a variable reference (<c>$x</c>) stands for, as decided by scope resolution. Lowering to the function
/// graph follows bindings: an <see cref="ExprBinding"/> shares the node of the bound expression, a parameter or
/// loop variable takes the node of the current call or iteration.
/// </summary>
public abstract record Binding;

/// <summary>
/// The value of an expression written elsewhere: a <c>$x = expr</c> statement (in the same file, an imported
/// module or an included class), or a class argument (the expression passed by the <c>include</c>).
/// </summary>
public sealed record ExprBinding(Expr Value) : Binding;

/// <summary>Parameter <see cref="Index"/> of a lambda or of one instance of a <c>func</c> statement.</summary>
public sealed record ParamBinding(FuncExpr Function, int Index) : Binding;

/// <summary>
/// A loop variable: the index (or key, for <c>forkv</c>) when <see cref="IsKey"/>, else the value, of the
/// current iteration of <see cref="Loop"/> (a <see cref="ForStmt"/> or <see cref="ForKVStmt"/>).
/// </summary>
public sealed record LoopBinding(Stmt Loop, bool IsKey) : Binding;

/// <summary>A value known before the program runs: a package variable, <c>$const.res...</c>, <c>$purpleidea</c>.</summary>
public sealed record ConstantBinding(Value Value) : Binding;

/// <summary><c>$hostname</c>: this machine's name, known when the program runs.</summary>
public sealed record HostnameBinding : Binding;
