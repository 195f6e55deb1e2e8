using Mgmt.Engine.Values;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Functions;

/// <summary>
/// A pure function given by a signature (in mcl type syntax, with <c>?N</c> unknowns for polymorphic ones) and
/// a delegate. Most of the standard library is written this way:
/// <code>new SimpleFunction("has_prefix", "func(s str, prefix str) bool", a => Value.Bool(a[0].AsStr().StartsWith(a[1].AsStr(), StringComparison.Ordinal)))</code>
/// </summary>
public class SimpleFunction(
    string name,
    string signature,
    Func<IReadOnlyList<Value>, Value> body,
    Action<FuncType>? check = null,
    string description = "") : BuiltinFunction(name)
{
    public string Signature { get; } = signature;

    public override string Description => description;

    public override FuncType Infer(CallSite site)
    {
        var type = SignatureParser.ParseFunc(Signature);
        if (site.ArgCount != type.Parameters.Count)
        {
            throw new TypeCheckException(
                $"{Name} takes {type.Parameters.Count} argument{(type.Parameters.Count == 1 ? "" : "s")}, but {site.ArgCount} {(site.ArgCount == 1 ? "was" : "were")} given");
        }
        return type;
    }

    public override void Check(FuncType resolved, CallSite site) => check?.Invoke(resolved);

    public override FunctionNode Create(FuncType resolved) => new Node(body, resolved);

    private sealed class Node(Func<IReadOnlyList<Value>, Value> body, FuncType type) : PureFunctionNode
    {
        public FuncType Type { get; } = type;

        public override Value Call(IReadOnlyList<Value> args) => body(args);
    }
}

/// <summary>
/// A pure function whose body needs the resolved call type (to build typed empty lists, zero values...) or the
/// function context (hostname, program files).
/// </summary>
public class TypedFunction(
    string name,
    string signature,
    Func<FuncType, IFunctionContext, IReadOnlyList<Value>, Value> body,
    Action<FuncType>? check = null,
    string description = "",
    bool pure = true) : BuiltinFunction(name)
{
    public string Signature { get; } = signature;

    public override string Description => description;

    public override bool IsPure => pure;

    public override FuncType Infer(CallSite site)
    {
        var type = SignatureParser.ParseFunc(Signature);
        if (site.ArgCount != type.Parameters.Count)
        {
            throw new TypeCheckException($"{Name} takes {type.Parameters.Count} arguments, but {site.ArgCount} were given");
        }
        return type;
    }

    public override void Check(FuncType resolved, CallSite site) => check?.Invoke(resolved);

    public override FunctionNode Create(FuncType resolved) => new Node(body, resolved);

    private sealed class Node(Func<FuncType, IFunctionContext, IReadOnlyList<Value>, Value> body, FuncType type) : PureFunctionNode
    {
        public override Value Call(IReadOnlyList<Value> args) => body(type, Context, args);
    }
}
