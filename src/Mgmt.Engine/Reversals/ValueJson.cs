using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Mgmt.Engine.Values;

namespace Mgmt.Engine.Reversals;

/// <summary>
/// Writes and reads mcl values as JSON for the engine's records, given their type (stored next to them):
/// bool, str and int as themselves, floats as numbers (or "NaN"/"Infinity"/"-Infinity"), lists as arrays,
/// maps as arrays of [key, value] pairs (keys need not be strings), structs as objects. Written by hand on
/// the reader and writer, so no reflection is involved.
/// </summary>
internal static class ValueJson
{
    public static void Write(Utf8JsonWriter w, Value value)
    {
        switch (value)
        {
            case BoolValue b: w.WriteBooleanValue(b.V); break;
            case StrValue s: w.WriteStringValue(s.V); break;
            case IntValue i: w.WriteNumberValue(i.V); break;
            case FloatValue f when double.IsFinite(f.V): w.WriteNumberValue(f.V); break;
            case FloatValue f: w.WriteStringValue(f.V.ToString(CultureInfo.InvariantCulture)); break;
            case ListValue l:
                w.WriteStartArray();
                foreach (var item in l.Items) Write(w, item);
                w.WriteEndArray();
                break;
            case MapValue m:
                w.WriteStartArray();
                foreach (var (k, v) in m.Entries)
                {
                    w.WriteStartArray();
                    Write(w, k);
                    Write(w, v);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                break;
            case StructValue s:
                w.WriteStartObject();
                for (var i = 0; i < s.Type.Fields.Count; i++)
                {
                    w.WritePropertyName(s.Type.Fields[i].Name);
                    Write(w, s.Fields[i]);
                }
                w.WriteEndObject();
                break;
            default:
                throw new NotSupportedException($"a value of type {value.Type} cannot be stored");
        }
    }

    public static Value Read(JsonElement e, DataType type)
    {
        switch (type)
        {
            case var _ when type == DataType.Bool: return Value.Bool(e.GetBoolean());
            case var _ when type == DataType.Str: return Value.Str(e.GetString() ?? "");
            case var _ when type == DataType.Int: return Value.Int(e.GetInt64());
            case var _ when type == DataType.Float:
                return Value.Float(e.ValueKind == JsonValueKind.String
                    ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture)
                    : e.GetDouble());
            case ListType l:
                return new ListValue(l, [.. e.EnumerateArray().Select(x => Read(x, l.Element))]);
            case MapType m:
                return new MapValue(m, e.EnumerateArray().Select(pair =>
                    KeyValuePair.Create(Read(pair[0], m.Key), Read(pair[1], m.Value))));
            case StructType s:
                var fields = ImmutableArray.CreateBuilder<Value>(s.Fields.Count);
                foreach (var f in s.Fields) fields.Add(Read(e.GetProperty(f.Name), f.Type));
                return new StructValue(s, fields.MoveToImmutable());
            default:
                throw new NotSupportedException($"values of type {type} cannot be read back");
        }
    }
}
