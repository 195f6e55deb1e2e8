using System.Text;
using System.Text.Json;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Reversals;

namespace Mgmt.Engine.Exports;

/// <summary>
/// The format of an exported resource, shared by the host that exports it and the hosts that collect it: one
/// JSON object with the kind, the name, every set parameter with its mcl type and value, and every meta
/// parameter (the same record the engine keeps for reversals, written on one line).
/// </summary>
/// <example>
/// <code>
/// {"kind":"file","name":"/tmp/a","params":{"content":{"type":"str","value":"hi\n"}},"meta":{"noop":false,...,"export":["*"],...}}
/// </code>
/// Types are written as in mcl (<c>[]str</c>, <c>map{str: int}</c>); maps are arrays of <c>[key, value]</c> pairs.
/// </example>
public static class ExportCodec
{
    /// <summary>The resource as its exported payload. Received values are included: what is published is what runs.</summary>
    public static string Encode(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Encoding.UTF8.GetString(ResourceRecord.Write(resource, indented: false));
    }

    /// <summary>
    /// Builds the resource a payload describes, with the kinds of <paramref name="registry"/>.
    /// </summary>
    /// <exception cref="FormatException">The payload is not an exported resource, names a kind this program does
    /// not know, or holds a parameter the kind does not have (the message says which).</exception>
    public static Resource Decode(string payload, ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(registry);
        try
        {
            using var document = JsonDocument.Parse(payload);
            return ResourceRecord.Read(document.RootElement, registry.Find);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new FormatException($"the exported data is not a resource this program can read ({e.Message})", e);
        }
    }
}
