using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mgmt.World.Core;

/// <summary>
/// The value of a presence key (<c>hosts/&lt;host&gt;</c>). Besides what the user sees (pid, start time) it
/// holds what proves, after a crash, that a claim was this machine's own earlier run: the machine and boot
/// ids, the process's start time in clock ticks since boot, and the agent's prefix (null in records written by
/// older agents).
/// </summary>
internal sealed record PresenceRecord(string Instance, DateTimeOffset Started, int Pid)
{
    public string? Machine { get; init; }
    public string? Boot { get; init; }
    public long? ProcessStart { get; init; }
    public string? Prefix { get; init; }
}

/// <summary>The value of a schedule registration (<c>scheduler/&lt;host&gt;/&lt;ns&gt;</c>).</summary>
internal sealed record ScheduleRecord(string Strategy, int Max, int? TtlSeconds, bool Persist);

/// <summary>The value of a host status key (<c>cluster/status/&lt;host&gt;</c>).</summary>
internal sealed record StatusRecord(string FrontEnd, string Input, bool? Converged, ulong? Deploy);

/// <summary>The URLs of the member a host would run (<c>cluster/volunteers/&lt;host&gt;</c>, <c>cluster/nominated/&lt;host&gt;</c>).</summary>
internal sealed record MemberUrlsRecord(IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls);

/// <summary>Source-generated JSON for the world's own records (NativeAOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PresenceRecord))]
[JsonSerializable(typeof(ScheduleRecord))]
[JsonSerializable(typeof(StatusRecord))]
[JsonSerializable(typeof(MemberUrlsRecord))]
internal sealed partial class WorldJson : JsonSerializerContext
{
    public static string Write(PresenceRecord record) => JsonSerializer.Serialize(record, Default.PresenceRecord);

    public static string Write(ScheduleRecord record) => JsonSerializer.Serialize(record, Default.ScheduleRecord);

    public static string Write(StatusRecord record) => JsonSerializer.Serialize(record, Default.StatusRecord);

    public static string Write(MemberUrlsRecord record) => JsonSerializer.Serialize(record, Default.MemberUrlsRecord);

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
