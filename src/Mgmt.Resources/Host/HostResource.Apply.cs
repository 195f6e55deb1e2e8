using System.Text;
using Mgmt.Platform.Files;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

// CheckApply: find the lines for the name; change the first in place (or add one at the end), or remove them all.
public sealed partial class HostResource
{
    private const uint NewFileMode = 0x1A4; // 0644: every program must be able to read the hosts file

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var path = FilePath;
        var status = Posix.TryStat(path);
        var exists = status is not null;
        if (status is { IsRegular: false }) throw new IOException($"{path} is not a regular file");
        var text = exists ? System.IO.File.ReadAllText(path) : "";
        var lines = text.Split('\n').ToList();
        var endsWithNewline = text.Length == 0 || text.EndsWith('\n');
        if (endsWithNewline) lines.RemoveAt(lines.Count - 1);
        var mine = lines.Select((line, i) => (Entry: HostsLine.Parse(line), Index: i)).Where(l => l.Entry?.Name == Name).ToList();

        string change;
        if (State == "absent")
        {
            if (mine.Count == 0) return Task.FromResult(true);
            if (!apply) return Task.FromResult(false);
            foreach (var (_, index) in mine.OrderByDescending(m => m.Index)) lines.RemoveAt(index);
            change = "removed";
        }
        else
        {
            var wanted = new HostsLine(Ip, Name, AliasList, Comment);
            if (mine.Count > 0 && mine[0].Entry!.SameAs(wanted)) return Task.FromResult(true);
            if (!apply) return Task.FromResult(false);
            if (mine.Count > 0)
            {
                lines[mine[0].Index] = wanted.Format();
                change = "changed";
            }
            else
            {
                lines.Add(wanted.Format());
                change = "added";
            }
        }
        var content = lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(content), new AtomicWriteOptions { Mode = exists ? null : NewFileMode });
        HostLog.Changed(Context.Logger, change, Name, path);
        return Task.FromResult(false);
    }

    public override Task WatchAsync(CancellationToken cancel) => new SystemWatch().File(FilePath).RunAsync(Context, FilePath, cancel);
}

internal static partial class HostLog
{
    [LoggerMessage(EventId = 6801, Level = LogLevel.Information, Message = "{Change} the entry for {Name} in {Path}")]
    public static partial void Changed(ILogger logger, string change, string name, string path);
}
