using System.Collections.Immutable;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Runtime.Graph;

/// <summary>
/// Builds a list, map or struct value from the values of its parts. For a map the inputs alternate key, value.
/// </summary>
internal sealed class CompositeNode(DataType type, SourceSpan span, GraphNode[] parts) : GraphNode(span, parts)
{
    private bool? _constant;

    public DataType Type { get; } = type;

    public override string Label => $"composite: {Type}";

    // Inputs never change after construction, so the answer is computed once.
    public override bool IsConstant => _constant ??= Inputs.All(i => i.IsConstant);

    public override string InputName(int index) => Type switch
    {
        StructType s when index < s.Fields.Count => s.Fields[index].Name,
        MapType => index % 2 == 0 ? $"key:{index / 2}" : $"val:{index / 2}",
        _ => base.InputName(index),
    };

    internal override NodeState Compute(FunctionGraph graph)
    {
        if (InputsIncomplete(out var error)) return NodeState.Empty;
        if (error is not null) return NodeState.Failed(error);
        return NodeState.Of(Build(Type, Inputs.Select(i => i.State.Value!).ToList()));
    }

    /// <summary>The value of a composite of <paramref name="type"/> with these parts.</summary>
    public static Value Build(DataType type, IReadOnlyList<Value> parts) => type switch
    {
        ListType l => new ListValue(l, [.. parts]),
        MapType m => new MapValue(m, Pairs(parts)),
        StructType s => new StructValue(s, [.. parts]),
        _ => throw new InvalidOperationException($"internal error: {type} is not a composite type"),
    };

    private static IEnumerable<KeyValuePair<Value, Value>> Pairs(IReadOnlyList<Value> parts)
    {
        for (var i = 0; i + 1 < parts.Count; i += 2) yield return new(parts[i], parts[i + 1]);
    }
}
