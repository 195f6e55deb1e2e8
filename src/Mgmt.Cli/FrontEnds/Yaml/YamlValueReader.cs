using Mgmt.Engine.Values;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Converts a YAML node into a typed <see cref="Value"/> for a parameter. Every mismatch throws
/// <see cref="YamlInputException"/> at the offending node with what was expected and how to write it.
/// </summary>
internal static class YamlValueReader
{
    /// <summary>
    /// Reads <paramref name="node"/> as <paramref name="type"/>. <paramref name="what"/> names the thing being
    /// set, for messages ("parameter 'msg' of print[hello]"). Null nodes must be handled by the caller.
    /// </summary>
    public static Value Read(YNode node, DataType type, string what)
    {
        if (YamlScalars.IsNull(node)) throw new YamlInputException(node, $"{what} needs a value here");
        if (type == DataType.Variant) return Infer(node, what);
        if (type == DataType.Str) return Value.Str(Scalar(node, what, "text").Value);
        if (type == DataType.Bool) return ReadBool(node, what);
        if (type == DataType.Int) return ReadInt(node, what);
        if (type == DataType.Float) return ReadFloat(node, what);
        return type switch
        {
            ListType l => ReadList(node, l, what),
            MapType m => ReadMap(node, m, what),
            StructType s => ReadStruct(node, s, what),
            FuncType => throw new YamlInputException(node, $"{what} takes a function ({type}), which YAML cannot express; set it from mcl instead"),
            _ => throw new YamlInputException(node, $"{what} has the type {type}, which YAML cannot express"),
        };
    }

    private static BoolValue ReadBool(YNode node, string what)
    {
        var s = Scalar(node, what, "true or false");
        if (YamlScalars.TryBool(s, out var b)) return Value.Bool(b);
        var hint = !YamlScalars.IsPlain(s) && s.Value is "true" or "false" ? "; remove the quotes" : "";
        throw new YamlInputException(node, $"{what} must be true or false, not {Show(s)}{hint}");
    }

    private static IntValue ReadInt(YNode node, string what)
    {
        var s = Scalar(node, what, "a whole number");
        if (YamlScalars.TryInt(s, out var i, out var overflow)) return Value.Int(i);
        if (overflow) throw new YamlInputException(node, $"{what}: {s.Value} is too large (an int holds -9223372036854775808 to 9223372036854775807)");
        var hint = !YamlScalars.IsPlain(s) && YamlScalars.TryInt(s.AsPlain(), out _, out _) ? "; remove the quotes" : "";
        throw new YamlInputException(node, $"{what} must be a whole number, not {Show(s)}{hint}");
    }

    private static FloatValue ReadFloat(YNode node, string what)
    {
        var s = Scalar(node, what, "a number");
        if (YamlScalars.TryFloat(s, out var f)) return Value.Float(f);
        var hint = !YamlScalars.IsPlain(s) && YamlScalars.TryFloat(s.AsPlain(), out _) ? "; remove the quotes" : "";
        throw new YamlInputException(node, $"{what} must be a number, not {Show(s)}{hint}");
    }

    private static ListValue ReadList(YNode node, ListType type, string what)
    {
        if (node is not YList seq)
        {
            throw new YamlInputException(node, $"{what} must be a list ({type}), not {Show(node)}; write [a, b] or one '- item' per line");
        }
        var items = seq.Children.Select((item, i) => Read(item, type.Element, $"item {i + 1} of {what}"));
        return new ListValue(type, [.. items]);
    }

    private static MapValue ReadMap(YNode node, MapType type, string what)
    {
        if (node is not YMap map)
        {
            throw new YamlInputException(node, $"{what} must be a mapping ({type}), not {Show(node)}; write one 'key: value' per line");
        }
        var entries = map.Children.Select(kv => KeyValuePair.Create(
            Read(kv.Key, type.Key, $"a key of {what}"),
            Read(kv.Value, type.Value, $"the value of key '{(kv.Key as YScalar)?.Value}' in {what}")));
        return new MapValue(type, entries);
    }

    private static StructValue ReadStruct(YNode node, StructType type, string what)
    {
        var fields = string.Join(", ", type.Fields.Select(f => f.Name));
        if (node is not YMap map)
        {
            throw new YamlInputException(node, $"{what} must be a mapping with the fields {fields}, not {Show(node)}");
        }
        var values = type.Fields.Select(f => Value.Zero(f.Type)).ToArray();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YScalar)?.Value ?? "";
            var index = type.IndexOf(key);
            if (index < 0) throw new YamlInputException(keyNode, $"{what} has no field '{key}'; its fields are {fields}");
            values[index] = Read(valueNode, type.Fields[index].Type, $"field '{key}' of {what}");
        }
        return new StructValue(type, [.. values]);
    }

    /// <summary>Reads a value for a parameter that accepts any type: the YAML itself says what it is.</summary>
    private static Value Infer(YNode node, string what)
    {
        switch (node)
        {
            case YScalar s when YamlScalars.IsNull(s):
                throw new YamlInputException(node, $"{what} needs a value here");
            case YScalar s:
                if (YamlScalars.TryBool(s, out var b)) return Value.Bool(b);
                if (YamlScalars.TryInt(s, out var i, out _)) return Value.Int(i);
                if (YamlScalars.TryFloat(s, out var f)) return Value.Float(f);
                return Value.Str(s.Value);
            case YList seq:
            {
                var items = seq.Children.Select((item, n) => Infer(item, $"item {n + 1} of {what}")).ToList();
                var element = Common(items.Select((v, n) => (v.Type, (YNode)seq.Children[n])), what, "items of a list");
                return new ListValue(DataType.List(element), [.. items]);
            }
            case YMap map:
            {
                var keys = map.Children.Select(kv => Infer(kv.Key, $"a key of {what}")).ToList();
                var values = map.Children.Select(kv => Infer(kv.Value, $"a value of {what}")).ToList();
                var keyType = Common(keys.Select((v, n) => (v.Type, map.Children[n].Key)), what, "keys of a mapping");
                var valueType = Common(values.Select((v, n) => (v.Type, map.Children[n].Value)), what, "values of a mapping");
                return new MapValue(DataType.Map(keyType, valueType), keys.Zip(values, KeyValuePair.Create));
            }
            default:
                throw new YamlInputException(node, $"{what} has a value YAML cannot express here");
        }
    }

    /// <summary>The one type all elements share; an empty collection is taken as text.</summary>
    private static DataType Common(IEnumerable<(DataType Type, YNode Node)> elements, string what, string role)
    {
        DataType? common = null;
        foreach (var (type, node) in elements)
        {
            if (common is null) common = type;
            else if (!common.Equals(type))
            {
                throw new YamlInputException(node, $"the {role} in {what} must all have one type, but this one is {type} and the first is {common}");
            }
        }
        return common ?? DataType.Str;
    }

    private static YScalar Scalar(YNode node, string what, string expected) =>
        node as YScalar ?? throw new YamlInputException(node, $"{what} must be {expected}, not {Show(node)}");

    private static string Show(YNode node) => node switch
    {
        YScalar s => $"'{s.Value}'",
        YList => "a list",
        YMap => "a mapping",
        _ => "this",
    };
}
