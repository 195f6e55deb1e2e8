using System.Text;
using System.Text.Json;

namespace Mgmt.Resources;

/// <summary>One resource for the helper to check or apply with Puppet's own type and provider.</summary>
/// <param name="Apply">False to check only (Puppet's noop).</param>
/// <param name="Refresh">A parent notified the resource: Puppet's refresh (a restart, a refreshonly exec) follows.</param>
/// <param name="Type">The Puppet type, in lower case (<c>sysctl</c>, <c>augeas</c>).</param>
/// <param name="Title">The resource's title.</param>
/// <param name="ParamsJson">Its parameters, a JSON object as in a Puppet catalog.</param>
public sealed record PuppetHelperRequest(bool Apply, bool Refresh, string Type, string Title, string ParamsJson)
{
    /// <summary>The request as one line of the helper's protocol.</summary>
    public string ToLine(long id)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteString("op", Apply ? "apply" : "check");
            w.WriteBoolean("refresh", Refresh);
            w.WriteString("type", Type);
            w.WriteString("title", Title);
            w.WritePropertyName("params");
            w.WriteRawValue(ParamsJson);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>The helper's answer: whether the resource was in sync, whether Puppet changed it, or Puppet's error.</summary>
public sealed record PuppetHelperAnswer(bool Ok, bool InSync, bool Changed, string Error, IReadOnlyList<PuppetLogLine> Logs)
{
    /// <summary>Reads one answer line; throws <see cref="PuppetHelperException"/> when it is not one for <paramref name="id"/>.</summary>
    public static PuppetHelperAnswer Parse(string line, long id)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("id", out var got) || got.ValueKind != JsonValueKind.Number || got.GetInt64() != id)
            {
                throw new PuppetHelperException($"the Puppet helper answered out of turn: {Shorten(line)}");
            }
            var logs = new List<PuppetLogLine>();
            if (root.TryGetProperty("logs", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in list.EnumerateArray())
                {
                    logs.Add(new PuppetLogLine(Text(entry, "level"), Text(entry, "source"), Text(entry, "message")));
                }
            }
            return new PuppetHelperAnswer(Flag(root, "ok"), Flag(root, "in_sync"), Flag(root, "changed"), Text(root, "error"), logs);
        }
        catch (JsonException)
        {
            throw new PuppetHelperException($"the Puppet helper wrote something that is not an answer: {Shorten(line)}");
        }
    }

    private static bool Flag(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "..." : text;
}

/// <summary>One message Puppet logged while it handled a request.</summary>
public sealed record PuppetLogLine(string Level, string Source, string Message)
{
    /// <summary>Puppet's levels for errors.</summary>
    public bool IsError => Level is "err" or "alert" or "emerg" or "crit";

    /// <summary>Puppet's level for warnings.</summary>
    public bool IsWarning => Level == "warning";
}

/// <summary>The helper could not be started, or ended, or answered nonsense.</summary>
public sealed class PuppetHelperException(string message) : Exception(message);
