using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mgmt.World.Core;

/// <summary>The value of a presence key (<c>hosts/&lt;host&gt;</c>).</summary>
internal sealed record PresenceRecord(string Instance, DateTimeOffset Started, int Pid);

/// <summary>The value of a schedule registration (<c>scheduler/&lt;ns&gt;/&lt;host&gt;</c>).</summary>
internal sealed record ScheduleRecord(string Strategy, int Max, int? TtlSeconds, bool Persist);

/// <summary>Source-generated JSON for the world's own records (NativeAOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PresenceRecord))]
[JsonSerializable(typeof(ScheduleRecord))]
internal sealed partial class WorldJson : JsonSerializerContext
{
    public static string Write(PresenceRecord record) => JsonSerializer.Serialize(record, Default.PresenceRecord);

    public static string Write(ScheduleRecord record) => JsonSerializer.Serialize(record, Default.ScheduleRecord);

    /// <summary>Reads a record written by another agent; null when it is not one (a foreign or damaged value).</summary>
    public static T? TryRead<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
