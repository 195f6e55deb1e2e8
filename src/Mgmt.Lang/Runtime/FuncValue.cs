using System.Runtime.CompilerServices;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Runtime.Lowering;

namespace Mgmt.Lang.Runtime;

/// <summary>
/// A function used as a value: a lambda with the context it was written in, a <c>func</c> statement, or a
/// built-in. Calling one builds the function's body into the function graph, wired to the call's argument nodes.
/// </summary>
/// <remarks>
/// Two function values are equal only when they are the same object: a call rebuilds its sub-graph exactly when
/// the function it calls is replaced, never because two functions look alike. Function values cannot be stored in
/// resources, and print as their type.
/// </remarks>
public abstract class FuncValue : Value
{
    private protected FuncValue(FuncType type) => Type = type;

    public override FuncType Type { get; }

    public override bool Equals(Value? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    public override string ToString() => $"func({Type})";

    /// <summary>Builds this function's body for one call into <paramref name="context"/>; returns the result node.</summary>
    internal abstract GraphNode Instantiate(SubgraphContext context, IReadOnlyList<GraphNode> args, SourceSpan callSite);
}

/// <summary>A lambda (or <c>func</c> statement instance) together with the frame it captures.</summary>
internal sealed class LambdaValue(Syntax.Ast.FuncExpr function, Frame captured, FuncType type) : FuncValue(type)
{
    public Syntax.Ast.FuncExpr Function { get; } = function;

    internal override GraphNode Instantiate(SubgraphContext context, IReadOnlyList<GraphNode> args, SourceSpan callSite) =>
        context.Lowerer.InstantiateLambda(Function, captured, args, context.Scope);
}

/// <summary>A built-in function handed around as a value.</summary>
internal sealed class BuiltinFuncValue(Functions.BuiltinFunction function, FuncType type) : FuncValue(type)
{
    internal override GraphNode Instantiate(SubgraphContext context, IReadOnlyList<GraphNode> args, SourceSpan callSite) =>
        context.Lowerer.AddBuiltin(function, Type, function.Name, [.. args], context.Scope, callSite);
}

/// <summary>Where a function value's body is being built: by which lowerer, into which scope.</summary>
internal sealed record SubgraphContext(Lowerer Lowerer, GraphScope Scope);
