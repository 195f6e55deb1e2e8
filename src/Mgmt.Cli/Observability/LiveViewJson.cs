using System.Text.Json;
using Mgmt.Engine.Changes;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;

namespace Mgmt.Cli.Observability;

using Engine = Mgmt.Engine.Runtime.Engine;

/// <summary>
/// The JSON the live view's page reads, written by hand with <see cref="Utf8JsonWriter"/> (no reflection, so it works
/// in the NativeAOT binary). Secrets never appear: sensitive parameters and sensitive content show as hidden.
/// </summary>
internal static class LiveViewJson
{
    /// <summary>Parameter values longer than this are cut in the panel.</summary>
    private const int MaxValueChars = 4000;

    /// <summary>The running graph: vertices with their parameters and grouped members, and edges.</summary>
    public static byte[] Graph(Engine engine) => Write(json =>
    {
        var graph = engine.Current;
        json.WriteString("name", graph?.Name ?? "");
        json.WriteNumber("swaps", engine.Swaps);
        json.WriteStartArray("vertices");
        foreach (var r in graph?.Vertices ?? [])
        {
            json.WriteStartObject();
            json.WriteString("id", r.ToString());
            json.WriteString("kind", r.Kind);
            json.WriteString("name", r.Name);
            WriteParams(json, r);
            json.WriteStartArray("members");
            foreach (var m in r.GroupedMembers)
            {
                json.WriteStartObject();
                json.WriteString("id", m.ToString());
                WriteParams(json, m);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("edges");
        foreach (var (from, to, edge) in graph?.Edges() ?? [])
        {
            json.WriteStartObject();
            json.WriteString("from", from.ToString());
            json.WriteString("to", to.ToString());
            json.WriteBoolean("notify", edge.Notify);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    /// <summary>Every vertex's live state, counts, last error and last change.</summary>
    public static byte[] Status(Engine engine) => Write(json =>
    {
        json.WriteNumber("swaps", engine.Swaps);
        json.WriteBoolean("converged", engine.Converger.IsConverged);
        json.WriteStartArray("vertices");
        foreach (var s in engine.Status())
        {
            json.WriteStartObject();
            json.WriteString("id", $"{s.Kind}[{s.Name}]");
            json.WriteString("state", StateWord(s.State));
            json.WriteNumber("checks", s.Checks);
            json.WriteNumber("changes", s.Changes);
            json.WriteNumber("failures", s.Failures);
            json.WriteNumber("watchEvents", s.WatchEvents);
            if (s.LastError is { } error) json.WriteString("lastError", error);
            if (s.LastErrorAt is { } at) json.WriteString("lastErrorAt", at);
            if (s.LastChange is { } change) WriteChange(json, change);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    public static byte[] Hosts(ClusterFacts facts) => Write(json =>
    {
        json.WriteStartArray("hosts");
        foreach (var h in facts.Hosts.OrderBy(h => h.Hostname, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("hostname", h.Hostname);
            json.WriteString("instance", h.InstanceId);
            json.WriteString("startedAt", h.StartedAt);
            json.WriteNumber("pid", h.ProcessId);
            if (facts.Members is { } members) json.WriteBoolean("member", members.Contains(h.Hostname));
            if (facts.Deploys?.GetValueOrDefault(h.Hostname) is { } deploy) json.WriteString("deploy", deploy);
            if (facts.Converged is { } converged && converged.TryGetValue(h.Hostname, out var c)) json.WriteBoolean("converged", c);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("membersKnown", facts.Members is not null);
        json.WriteBoolean("deploysKnown", facts.Deploys is not null);
        json.WriteBoolean("convergedKnown", facts.Converged is not null);
    });

    /// <summary>The words the page shows (and styles): converged, waiting, applying, failed...</summary>
    public static string StateWord(VertexState state) => state switch
    {
        VertexState.Ok => "converged",
        VertexState.Waiting => "waiting",
        VertexState.Applying => "applying",
        VertexState.Retrying => "retrying",
        VertexState.Failed => "failed",
        VertexState.Blocked => "blocked",
        VertexState.Hidden => "hidden",
        VertexState.Stopped => "stopped",
        _ => "pending",
    };

    private static void WriteChange(Utf8JsonWriter json, ChangeRecord change)
    {
        json.WriteStartObject("lastChange");
        json.WriteString("at", change.At);
        json.WriteBoolean("noop", change.Noop);
        json.WriteString("summary", change.Summary);
        json.WriteString("details", change.Details);
        json.WriteEndObject();
    }

    private static void WriteParams(Utf8JsonWriter json, Resource r)
    {
        // A resource that says its content is sensitive (file's 'sensitive') keeps it out of the view too.
        var sensitiveContent = r.Descriptor.Params.FirstOrDefault(p => p.Name == "sensitive")?.Get(r) is Mgmt.Engine.Values.BoolValue { V: true };
        json.WriteStartObject("params");
        foreach (var p in r.Descriptor.Params)
        {
            if (p.IsZero(r)) continue;
            var text = p.IsSensitive || (sensitiveContent && p.Name is "content" or "fragments")
                ? ResourceChange.Hidden
                : p.Get(r)?.ToString() ?? "";
            json.WriteString(p.Name, text.Length > MaxValueChars ? text[..MaxValueChars] + "…" : text);
        }
        json.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
