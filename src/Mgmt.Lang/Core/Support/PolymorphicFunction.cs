using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// A pure built-in whose typing is given by delegates: for functions whose type depends on the number of
/// arguments, on a compile-time constant argument, or on what the arguments turn out to be. The body receives the
/// resolved call type, so it can build typed empty lists or zero values.
/// </summary>
internal sealed class PolymorphicFunction(
    string name,
    Func<CallSite, FuncType> infer,
    Func<FuncType, IFunctionContext, IReadOnlyList<Value>, Value> body,
    string description = "") : BuiltinFunction(name)
{
    /// <summary>Adds equalities once the argument types are known enough; see <see cref="BuiltinFunction.Refine"/>.</summary>
    public Func<FuncType, CallSite, ITypeSolver, bool>? OnRefine { get; init; }

    /// <summary>Refuses resolved types the body cannot handle.</summary>
    public Action<FuncType, CallSite>? OnCheck { get; init; }

    /// <summary>False for functions that read the machine or change between calls.</summary>
    public bool Pure { get; init; } = true;

    public override string Description => description;

    public override bool IsPure => Pure;

    public override FuncType Infer(CallSite site) => infer(site);

    public override bool Refine(FuncType current, CallSite site, ITypeSolver solver) =>
        OnRefine?.Invoke(current, site, solver) ?? true;

    public override void Check(FuncType resolved, CallSite site) => OnCheck?.Invoke(resolved, site);

    public override FunctionNode Create(FuncType resolved) => new Node(body, resolved);

    private sealed class Node(Func<FuncType, IFunctionContext, IReadOnlyList<Value>, Value> body, FuncType type) : PureFunctionNode
    {
        public override Value Call(IReadOnlyList<Value> args) => body(type, Context, args);
    }
}
