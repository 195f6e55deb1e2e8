using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mgmt.World.Etcd;

/// <summary>
/// Knows whose etcd data a directory holds. etcd itself refuses, or worse waits forever, when started on data
/// of another member or cluster; so mgmt writes a marker next to the data directory
/// (<c>&lt;dir&gt;.mgmt-member.json</c>: member name and cluster token) and checks it before every start.
/// </summary>
internal static class EtcdDataDirectory
{
    public enum State
    {
        /// <summary>No member data: start a new member.</summary>
        Empty,

        /// <summary>Data of this very member: restart it as a member of its existing cluster.</summary>
        Ours,
    }

    public static string MarkerPath(string dataDirectory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)) + ".mgmt-member.json";

    /// <summary>
    /// Decides what to do with <paramref name="dataDirectory"/>: throws <see cref="EtcdMemberException"/> with
    /// instructions for data that is not this member's, moves aside what is safely ours but unusable.
    /// </summary>
    public static State Inspect(string dataDirectory, string name, string clusterToken, bool replaceStale, Action<string> log)
    {
        var memberDir = Path.Combine(dataDirectory, "member");
        var marker = ReadMarker(dataDirectory);
        if (!Directory.Exists(memberDir))
        {
            return State.Empty;
        }
        if (marker is null)
        {
            throw new EtcdMemberException(
                $"the etcd data directory {dataDirectory} holds a member that mgmt did not create (no {Path.GetFileName(MarkerPath(dataDirectory))} next to it). "
                + "If it is a leftover, move it away (for example: mv " + dataDirectory + " " + dataDirectory + ".old); otherwise use another --prefix.");
        }
        if (marker.Name != name || marker.ClusterToken != clusterToken)
        {
            var what = marker.Name != name
                ? $"member \"{marker.Name}\" (this agent's member is \"{name}\")"
                : $"cluster \"{marker.ClusterToken}\" (this agent's cluster is \"{clusterToken}\")";
            if (!replaceStale)
            {
                throw new EtcdMemberException(
                    $"the etcd data directory {dataDirectory} belongs to {what}, so this member cannot start from it. "
                    + $"If that data is no longer needed, move it away (mv {dataDirectory} {dataDirectory}.old) or let mgmt move it aside "
                    + "with --etcd-replace-stale-data; otherwise start with the hostname and cluster it was made for.");
            }
            MoveAside(dataDirectory, log, $"it belonged to {what}");
            return State.Empty;
        }
        // Ours. A member killed during its very first start leaves a directory without a write-ahead log: it holds
        // nothing and etcd cannot start from it, so it is safe to move aside.
        var wal = Path.Combine(memberDir, "wal");
        if (!Directory.Exists(wal) || !Directory.EnumerateFiles(wal, "*.wal").Any())
        {
            MoveAside(dataDirectory, log, "it holds no write-ahead log (a first start was interrupted)");
            return State.Empty;
        }
        return State.Ours;
    }

    /// <summary>Records that the directory belongs to this member (temp file, fsync, rename).</summary>
    public static void WriteMarker(string dataDirectory, string name, string clusterToken, ulong? memberId = null)
    {
        var path = MarkerPath(dataDirectory);
        var temp = path + ".tmp";
        var json = JsonSerializer.Serialize(new MemberMarker(name, clusterToken) { MemberId = memberId }, MarkerJson.Default.MemberMarker);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(json));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// The checks of <see cref="Inspect"/> that need no change on disk: throws <see cref="EtcdMemberException"/> when
    /// the directory holds another member's data (and <paramref name="replaceStale"/> is off) or data mgmt did not make.
    /// </summary>
    public static void CheckOwnership(string dataDirectory, string name, string clusterToken, bool replaceStale)
    {
        if (!Directory.Exists(Path.Combine(dataDirectory, "member")))
        {
            return;
        }
        var marker = ReadMarker(dataDirectory);
        if (marker is null || (!replaceStale && (marker.Name != name || marker.ClusterToken != clusterToken)))
        {
            Inspect(dataDirectory, name, clusterToken, replaceStale: false, _ => { });
        }
    }

    /// <summary>The member id recorded when this member joined, or null.</summary>
    public static ulong? ReadMemberId(string dataDirectory) => ReadMarker(dataDirectory)?.MemberId;

    /// <summary>
    /// Deletes the data of a member that the cluster removed, and its marker: etcd refuses to start from the data of
    /// a removed member, and all it held lives on in the cluster.
    /// </summary>
    public static void Delete(string dataDirectory)
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        File.Delete(MarkerPath(dataDirectory));
    }

    private static MemberMarker? ReadMarker(string dataDirectory)
    {
        var path = MarkerPath(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), MarkerJson.Default.MemberMarker);
        }
        catch (JsonException e)
        {
            throw new EtcdMemberException($"the marker {path} is damaged ({e.Message}): delete it and move {dataDirectory} away to start a fresh member");
        }
    }

    private static void MoveAside(string dataDirectory, Action<string> log, string why)
    {
        var aside = $"{Path.TrimEndingDirectorySeparator(dataDirectory)}.stale-{DateTime.UtcNow:yyyyMMddHHmmss}";
        Directory.Move(dataDirectory, aside);
        File.Delete(MarkerPath(dataDirectory));
        log($"moved the etcd data directory {dataDirectory} aside to {aside}: {why}");
    }
}

internal sealed record MemberMarker(string Name, string ClusterToken)
{
    /// <summary>The id etcd gave the member when it joined (absent for the first member of a cluster).</summary>
    public ulong? MemberId { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MemberMarker))]
internal sealed partial class MarkerJson : JsonSerializerContext;
