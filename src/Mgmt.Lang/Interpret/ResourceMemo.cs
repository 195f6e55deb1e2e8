using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Runtime.Lowering;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Interpret;

/// <summary>
/// The resources one resource statement instance made from the last table of values, with the values each was
/// made from. When the next table gives a name the same values, the interpreter hands out the same object again:
/// the engine then keeps the running resource after one lookup instead of comparing a new one parameter by
/// parameter, and the graph comparison and validation skip it.
/// </summary>
/// <remarks>
/// Only objects nobody writes into are remembered: not a kind the engine may group (grouping writes the group
/// into the objects), not a send/recv sender or receiver (received values are written into the receiver), not a
/// collected resource (made from another host's data). Instances die with their frame (an <c>if</c> branch, a
/// loop iteration), and their memo with them.
/// </remarks>
internal sealed class ResourceMemo
{
    // Most statements make one resource; a list of names keeps a dictionary, rebuilt every table so that names
    // that went are forgotten.
    private BuiltResource? _one;
    private Dictionary<string, BuiltResource>? _many;

    /// <summary>The resource made for <paramref name="name"/> last time, or null.</summary>
    public BuiltResource? Find(string name) =>
        _one is { } one ? (one.Name == name ? one : null) : _many?.GetValueOrDefault(name);

    /// <summary>Replaces what is remembered with the resources of this table (null entries are not remembered).</summary>
    public void Replace(BuiltResource? only) => (_one, _many) = (only, null);

    public void Replace(Dictionary<string, BuiltResource> many) => (_one, _many) = (null, many.Count == 0 ? null : many);

    /// <summary>Forgets the resource of <paramref name="name"/> (it takes part in send/recv this time).</summary>
    public void Forget(string name)
    {
        if (_one?.Name == name) _one = null;
        _many?.Remove(name);
    }

    /// <summary>True when the engine may write into resources like <paramref name="resource"/>: never reuse them.</summary>
    public static bool MayBeWritten(Resource resource) =>
        resource is IGroupable && resource.Meta is { AutoGroup: true, Hidden: false };
}

/// <summary>A resource and the values it was made from (see <see cref="Inputs"/>).</summary>
internal sealed class BuiltResource(string name, Value[] inputs, Resource resource)
{
    public string Name { get; } = name;

    public Resource Resource { get; } = resource;

    /// <summary>
    /// For each parameter and meta line of the body, in order: the value of its condition if it has one, then,
    /// when the condition holds, its value. Edge lines make edges, not the object, and are left out.
    /// </summary>
    public Value[] Inputs { get; } = inputs;

    /// <summary>The inputs of <paramref name="instance"/> now.</summary>
    public static Value[] Capture(ResourceInstance instance)
    {
        var inputs = new List<Value>(instance.Entries.Count);
        var entries = instance.Entries;
        for (var e = 0; e < entries.Count; e++) // by index: no enumerator per resource and table
        {
            var entry = entries[e];
            if (entry.Entry is ResourceEdgeEntry) continue;
            if (entry.Condition is { } c)
            {
                var condition = Interpreter.Read(c);
                inputs.Add(condition);
                if (!condition.AsBool()) continue;
            }
            inputs.Add(Interpreter.Read(entry.Value));
        }
        return [.. inputs];
    }

    /// <summary>True when <paramref name="instance"/>'s values now are the ones this resource was made from.</summary>
    public bool MadeFrom(ResourceInstance instance)
    {
        var i = 0;
        var entries = instance.Entries;
        for (var e = 0; e < entries.Count; e++) // by index: no enumerator per resource and table
        {
            var entry = entries[e];
            if (entry.Entry is ResourceEdgeEntry) continue;
            if (entry.Condition is { } c)
            {
                var condition = Interpreter.Read(c);
                if (i >= Inputs.Length || !Same(Inputs[i++], condition)) return false;
                if (!condition.AsBool()) continue;
            }
            if (i >= Inputs.Length || !Same(Inputs[i++], Interpreter.Read(entry.Value))) return false;
        }
        return i == Inputs.Length;
    }

    // The same object first (an unchanged node keeps its value object); then equal values. A float is compared by
    // its bits: 0.0 and -0.0 are equal numbers but would set different parameters.
    private static bool Same(Value a, Value b) =>
        ReferenceEquals(a, b) || (a is FloatValue fa
            ? b is FloatValue fb && BitConverter.DoubleToInt64Bits(fa.V) == BitConverter.DoubleToInt64Bits(fb.V)
            : a.Equals(b));
}
