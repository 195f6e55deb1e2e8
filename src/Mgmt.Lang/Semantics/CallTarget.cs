using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>What a call expression calls, as decided by scope resolution and typing.</summary>
public abstract record CallTarget;

/// <summary>A standard-library function, with the fully resolved type of this call site.</summary>
public sealed record BuiltinCall(BuiltinFunction Function, FuncType Type, CallSite Site) : CallTarget;

/// <summary>
/// A <c>func</c> statement. <see cref="Instance"/> is this call site's own typed copy of the function (the
/// language's named functions are polymorphic); its parameters are <see cref="ParamBinding"/>s of the instance,
/// bound to this call's arguments.
/// </summary>
public sealed record FuncStmtCall(FuncStmt Definition, FuncExpr Instance) : CallTarget;

/// <summary>
/// A function value: <c>$f(x)</c> (the callee is whatever <see cref="Callee"/> binds to) or an inline lambda
/// <c>func($x) {...}(1)</c> (an <see cref="ExprBinding"/> of the lambda). Which function runs may change while
/// the program runs.
/// </summary>
public sealed record ValueCall(Binding Callee) : CallTarget;
