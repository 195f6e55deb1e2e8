using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

// CheckApply: read the file once, apply this entry and those of the hosts grouped into it (same file), write once.
// One read-modify-write per file keeps entries written at the same time from undoing each other.
public sealed partial class HostResource : IGroupable
{
    private const uint NewFileMode = 0x1A4; // 0644: every program must be able to read the hosts file

    public bool CanGroupWith(Resource other) => other is HostResource h && h.FilePath == FilePath;

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var path = FilePath;
        var status = Posix.TryStat(path);
        var exists = status is not null;
        if (status is { IsRegular: false }) throw new IOException($"{path} is not a regular file");
        var text = exists ? System.IO.File.ReadAllText(path) : "";
        var lines = text.Split('\n').ToList();
        if (text.Length == 0 || text.EndsWith('\n')) lines.RemoveAt(lines.Count - 1);

        var changes = new List<(string Change, string Name)>();
        foreach (var member in GroupedMembers.OfType<HostResource>().Prepend(this))
        {
            if (member.Edit(lines) is { } change) changes.Add((change, member.Name));
        }
        if (changes.Count == 0) return Task.FromResult(true);
        if (!apply) return Task.FromResult(false);
        var content = lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(content), new AtomicWriteOptions { Mode = exists ? null : NewFileMode });
        foreach (var (change, name) in changes) HostLog.Changed(Context.Logger, change, name, path);
        return Task.FromResult(false);
    }

    // Brings this entry into line in lines; returns what changed, or null when it was right.
    private string? Edit(List<string> lines)
    {
        var mine = lines.Select((line, i) => (Entry: HostsLine.Parse(line), Index: i)).Where(l => l.Entry?.Name == Name).ToList();
        if (State == "absent")
        {
            if (mine.Count == 0) return null;
            foreach (var (_, index) in mine.OrderByDescending(m => m.Index)) lines.RemoveAt(index);
            return "removed";
        }
        var wanted = new HostsLine(Ip, Name, AliasList, Comment);
        if (mine.Count > 0 && mine[0].Entry!.SameAs(wanted)) return null;
        if (mine.Count > 0)
        {
            lines[mine[0].Index] = wanted.Format();
            return "changed";
        }
        lines.Add(wanted.Format());
        return "added";
    }

    public override Task WatchAsync(CancellationToken cancel) => new SystemWatch().File(FilePath).RunAsync(Context, FilePath, cancel);
}

internal static partial class HostLog
{
    [LoggerMessage(EventId = 6801, Level = LogLevel.Information, Message = "{Change} the entry for {Name} in {Path}")]
    public static partial void Changed(ILogger logger, string change, string name, string path);
}
