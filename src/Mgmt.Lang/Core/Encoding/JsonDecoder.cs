using System.Globalization;
using System.Text.Json;
using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.EncodingFunctions;

/// <summary>
/// Turns JSON text into an mcl value of a known type. Objects become maps (keys parsed to the key type) or structs
/// (fields matched by name, case-insensitively as Go's decoder does; unknown properties are ignored); JSON null
/// gives an empty list or map. In flexible mode a struct field missing from the data gets its zero value instead of
/// being an error. Every failure is catchable and names the path where it happened.
/// </summary>
internal static class JsonDecoder
{
    public static Value Decode(string json, DataType type, bool flexible)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new CatchableException($"invalid JSON: {e.Message}");
        }
        using (document)
        {
            return Convert(document.RootElement, type, flexible, "$");
        }
    }

    private static Value Convert(JsonElement e, DataType type, bool flexible, string path)
    {
        switch (type)
        {
            case var _ when type == DataType.Bool:
                return e.ValueKind switch
                {
                    JsonValueKind.True => Value.Bool(true),
                    JsonValueKind.False => Value.Bool(false),
                    _ => throw Mismatch(e, type, path),
                };
            case var _ when type == DataType.Str:
                return e.ValueKind == JsonValueKind.String ? Value.Str(e.GetString()!) : throw Mismatch(e, type, path);
            case var _ when type == DataType.Int:
                return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var i) ? Value.Int(i) : throw Mismatch(e, type, path);
            case var _ when type == DataType.Float:
                return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var f) ? Value.Float(f) : throw Mismatch(e, type, path);
            case ListType l:
                if (e.ValueKind == JsonValueKind.Null) return Value.Zero(l);
                if (e.ValueKind != JsonValueKind.Array) throw Mismatch(e, type, path);
                return new ListValue(l, [.. e.EnumerateArray().Select((x, n) => Convert(x, l.Element, flexible, $"{path}[{n}]"))]);
            case MapType m:
                if (e.ValueKind == JsonValueKind.Null) return Value.Zero(m);
                if (e.ValueKind != JsonValueKind.Object) throw Mismatch(e, type, path);
                return new MapValue(m, e.EnumerateObject().Select(p => new KeyValuePair<Value, Value>(
                    Key(p.Name, m.Key, path), Convert(p.Value, m.Value, flexible, $"{path}.{p.Name}"))));
            case StructType s:
                if (e.ValueKind != JsonValueKind.Object) throw Mismatch(e, type, path);
                return Struct(e, s, flexible, path);
            default:
                throw new CatchableException($"JSON cannot be decoded into a {type}");
        }
    }

    private static StructValue Struct(JsonElement e, StructType s, bool flexible, string path)
    {
        var properties = e.EnumerateObject().ToList();
        var fields = new List<Value>();
        foreach (var field in s.Fields)
        {
            var match = properties.LastOrDefault(p => p.Name == field.Name);
            if (match.Value.ValueKind == JsonValueKind.Undefined)
            {
                match = properties.LastOrDefault(p => string.Equals(p.Name, field.Name, StringComparison.OrdinalIgnoreCase));
            }
            if (match.Value.ValueKind == JsonValueKind.Undefined)
            {
                if (!flexible)
                {
                    throw new CatchableException(
                        $"JSON object at {path} has no field '{field.Name}' (use decode_json_flexible to default missing fields)");
                }
                fields.Add(Value.Zero(field.Type));
                continue;
            }
            fields.Add(Convert(match.Value, field.Type, flexible, $"{path}.{field.Name}"));
        }
        return new StructValue(s, [.. fields]);
    }

    private static Value Key(string text, DataType keyType, string path)
    {
        if (keyType == DataType.Str) return Value.Str(text);
        if (keyType == DataType.Int && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return Value.Int(i);
        if (keyType == DataType.Float && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)) return Value.Float(f);
        if (keyType == DataType.Bool && bool.TryParse(text, out var b)) return Value.Bool(b);
        throw new CatchableException($"JSON key \"{text}\" at {path} is not a {keyType}");
    }

    private static CatchableException Mismatch(JsonElement e, DataType type, string path) =>
        new($"JSON value at {path} is {Describe(e.ValueKind)}, not a {type}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "missing",
    };
}
