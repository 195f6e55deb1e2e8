using System.Text.Json;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;

namespace Mgmt.Engine.Reversals;

/// <summary>
/// A resource written down as readable JSON: kind, name, every set parameter with its mcl type and value, and
/// the meta parameters. A human can read (and, carefully, edit) a pending reversal.
/// </summary>
/// <example>
/// <code>
/// {"kind":"file","name":"/tmp/x","params":{"state":{"type":"str","value":"absent"}},"meta":{"noop":false,...}}
/// </code>
/// </example>
internal static class ResourceRecord
{
    public static byte[] Write(Resource resource, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("kind", resource.Kind);
            w.WriteString("name", resource.Name);
            w.WriteStartObject("params");
            foreach (var p in resource.Descriptor.Params)
            {
                if (p.Get(resource) is not { } value) continue;
                w.WriteStartObject(p.Name);
                w.WriteString("type", value.Type.ToString());
                w.WritePropertyName("value");
                ValueJson.Write(w, value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("meta");
            foreach (var f in MetaParams.Fields)
            {
                w.WritePropertyName(f.Name);
                ValueJson.Write(w, f.Get(resource.Meta));
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The kind and name of a record, without building the resource.</summary>
    public static (string Kind, string Name) ReadIdentity(JsonElement root) =>
        (root.GetProperty("kind").GetString() ?? "", root.GetProperty("name").GetString() ?? "");

    /// <summary>Builds the resource a record describes; throws <see cref="FormatException"/> when it does not fit the kind.</summary>
    public static Resource Read(JsonElement root, Func<string, ResourceDescriptor?> findKind)
    {
        var (kind, name) = ReadIdentity(root);
        var descriptor = findKind(kind) ?? throw new FormatException($"the record is of kind '{kind}', which this program does not know");
        var resource = descriptor.Create();
        resource.Name = name;
        foreach (var p in root.GetProperty("params").EnumerateObject())
        {
            var param = descriptor.FindParam(p.Name) ?? throw new FormatException($"kind '{kind}' has no parameter '{p.Name}'");
            var type = DataType.Parse(p.Value.GetProperty("type").GetString() ?? "");
            try
            {
                param.Set(resource, ValueJson.Read(p.Value.GetProperty("value"), type));
            }
            catch (ParamValueException e)
            {
                throw new FormatException(e.Message, e);
            }
        }
        var meta = MetaParams.Default;
        if (root.TryGetProperty("meta", out var metaElement))
        {
            foreach (var m in metaElement.EnumerateObject())
            {
                if (MetaParams.FindField(m.Name) is { } field) meta = field.Set(meta, ValueJson.Read(m.Value, field.Type));
            }
        }
        resource.Meta = meta;
        return resource;
    }
}
