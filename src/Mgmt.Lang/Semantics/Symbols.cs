using Mgmt.Lang.Functions;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>What a function name stands for in a scope.</summary>
internal abstract record FunctionSymbol;

/// <summary>A standard-library function.</summary>
internal sealed record BuiltinSymbol(BuiltinFunction Function) : FunctionSymbol;

/// <summary>
/// A <c>func</c> statement together with the scope it was written in: every call instantiates a copy of the
/// function resolved in that scope (closures see their definition site, not their call site).
/// </summary>
internal sealed record FuncStmtSymbol(FuncStmt Definition, Scope Captured) : FunctionSymbol;

/// <summary>
/// A class together with the scope it was written in and the module that wrote it: every <c>include</c> copies
/// the body and resolves it in that scope, with the class parameters bound to the include's arguments.
/// </summary>
internal sealed record ClassSymbol(ClassStmt Definition, Scope Captured, CompiledModule Module);
