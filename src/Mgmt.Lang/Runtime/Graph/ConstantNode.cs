using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>A value known when the graph is built: a literal, a package constant, a lambda.</summary>
internal sealed class ConstantNode(Value value, SourceSpan span) : GraphNode(span)
{
    public Value Value { get; } = value;

    public override bool IsConstant => true;

    public override string Label => Value is FuncValue ? "FuncValue" : $"const: {Value.Type}({Value})";

    internal override NodeState Compute(FunctionGraph graph) => NodeState.Of(Value);
}
