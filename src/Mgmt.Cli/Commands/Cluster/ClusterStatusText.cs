using System.Globalization;
using System.Text;
using System.Text.Json;
using Mgmt.World;

namespace Mgmt.Cli.Commands.Cluster;

/// <summary>The two forms of <c>mgmt cluster status</c>: a table for people and one JSON document for scripts.</summary>
internal static class ClusterStatusText
{
    public static void WriteTable(ClusterStatus status, TextWriter output)
    {
        var voters = status.Members.Where(m => !m.IsLearner).ToList();
        output.WriteLine($"ideal cluster size: {status.IdealSize}   members: {voters.Count} ({voters.Count(m => m.Healthy == true)} healthy)   leader: {status.Leader ?? "(none elected)"}");
        string[] header = ["HOST", "ROLE", "MEMBER", "CONVERGED", "RUNS", "PID"];
        var rows = status.Hosts.Select(h => new[]
        {
            h.Hostname + (h.Leader ? " *" : ""),
            Role(h),
            h.Member is { } m ? $"{(m.Healthy == true ? "healthy" : m.Healthy == false ? "DOWN" : "?")} {string.Join(",", m.ClientUrls)}" : "-",
            h.Status?.Converged switch { true => "yes", false => "no", null => "-" },
            Runs(h.Status),
            h.ProcessId.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        WriteColumns(output, header, rows);
        var orphans = status.Members.Where(m => !status.Hosts.Any(h => h.Hostname == m.Name)).ToList();
        foreach (var m in orphans)
        {
            var name = m.Name.Length > 0 ? m.Name : "(not started)";
            output.WriteLine($"member {name} ({m.Id:x16}) has no live agent{(m.IsLearner ? ", learner" : "")}: the leader removes it");
        }
        output.WriteLine("* the leader; ROLE: member (runs an etcd member), nominated (starting one), volunteer (may be chosen), client (--no-server)");
    }

    private static string Role(ClusterHost h) =>
        h.Member is { IsLearner: true } ? "joining"
        : h.Member is not null ? (h.Nominated ? "member" : "leaving")
        : h.Nominated ? "nominated"
        : h.Volunteer ? "volunteer"
        : "client";

    private static string Runs(HostStatus? status) => status switch
    {
        null => "-",
        { Deploy: { } id } => $"deploy {id}",
        _ => status.Input.Length > 0 ? $"{status.FrontEnd} {status.Input}" : status.FrontEnd,
    };

    private static void WriteColumns(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var line = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }
            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    public static void WriteJson(ClusterStatus status, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("idealSize", status.IdealSize);
            if (status.Leader is null) json.WriteNull("leader");
            else json.WriteString("leader", status.Leader);
            json.WriteStartArray("hosts");
            foreach (var h in status.Hosts)
            {
                json.WriteStartObject();
                json.WriteString("hostname", h.Hostname);
                json.WriteString("role", Role(h));
                json.WriteBoolean("leader", h.Leader);
                json.WriteBoolean("volunteer", h.Volunteer);
                json.WriteBoolean("nominated", h.Nominated);
                json.WriteBoolean("member", h.Member is not null);
                json.WriteNumber("pid", h.ProcessId);
                json.WriteString("startedAt", h.StartedAt);
                if (h.Status?.Converged is { } converged) json.WriteBoolean("converged", converged);
                else json.WriteNull("converged");
                json.WriteString("frontEnd", h.Status?.FrontEnd ?? "");
                json.WriteString("input", h.Status?.Input ?? "");
                if (h.Status?.Deploy is { } deploy) json.WriteNumber("deploy", deploy);
                else json.WriteNull("deploy");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("members");
            foreach (var m in status.Members)
            {
                json.WriteStartObject();
                json.WriteString("id", m.Id.ToString("x16", CultureInfo.InvariantCulture)); // hex: JSON numbers lose 64-bit ids
                json.WriteString("name", m.Name);
                json.WriteBoolean("learner", m.IsLearner);
                if (m.Healthy is { } healthy) json.WriteBoolean("healthy", healthy);
                else json.WriteNull("healthy");
                WriteStrings(json, "clientUrls", m.ClientUrls);
                WriteStrings(json, "peerUrls", m.PeerUrls);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
