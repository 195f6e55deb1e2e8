using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// A built-in whose value changes over time (the clock, a file's content): typed by a signature, run by a
/// <see cref="StreamFunctionNode"/> made per call site. Streams are never pure.
/// </summary>
internal sealed class StreamFunction(
    string name,
    string signature,
    Func<FuncType, StreamFunctionNode> create,
    string description = "") : BuiltinFunction(name)
{
    public string Signature { get; } = signature;

    /// <summary>Refuses resolved types the stream cannot handle.</summary>
    public Action<FuncType>? OnCheck { get; init; }

    public override string Description => description;

    public override bool IsPure => false;

    public override FuncType Infer(CallSite site)
    {
        var type = SignatureParser.ParseFunc(Signature);
        Arity.Require(Name, site, type.Parameters.Count);
        return type;
    }

    public override void Check(FuncType resolved, CallSite site) => OnCheck?.Invoke(resolved);

    public override FunctionNode Create(FuncType resolved) => create(resolved);
}
