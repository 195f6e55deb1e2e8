using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// CheckApply: find the block among the file's lines; add it at the end or remove every occurrence, then write
// the whole file back atomically.
public sealed partial class LineResource
{
    private const uint NewFileMode = 0x180; // 0600, as the reference creates it

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var content = EffectiveContent;
        if (content.Length == 0) return Task.FromResult(true);
        var path = EditedPath();
        var block = content.Split('\n').Select(Utf8).ToList();
        var exists = Posix.TryStat(path) is not null;
        if (exists && Posix.TryStat(path) is { IsRegular: false }) throw new IOException($"{path} is not a regular file, so it holds no lines");
        var (lines, endsWithNewline) = exists ? ReadLines(path) : ([], true);
        var found = IndexOf(lines, block, 0) >= 0;

        if (State == "exists" ? found : !found) return Task.FromResult(true);
        Context.Changes.Action($"{(State == "exists" ? "add" : "remove")} {block.Count} line(s) {(State == "exists" ? "to" : "from")} {path}");
        if (!apply) return Task.FromResult(false);

        List<byte[]> result;
        if (State == "exists")
        {
            result = [.. lines, .. block];
            endsWithNewline = true;
        }
        else
        {
            result = [];
            for (var i = 0; i < lines.Count;)
            {
                if (IndexOf(lines, block, i) == i)
                {
                    i += block.Count;
                    continue;
                }
                result.Add(lines[i++]);
            }
        }
        AtomicFile.Write(path, Join(result, endsWithNewline), new AtomicWriteOptions { Mode = exists ? null : NewFileMode });
        LineLog.Changed(Context.Logger, State == "exists" ? "added" : "removed", block.Count, path);
        return Task.FromResult(false);
    }

    /// <summary>The file that is actually edited: the managed path, or what a symlink there leads to.</summary>
    internal string EditedPath()
    {
        var path = FullPath();
        if (Posix.TryLstat(path) is { IsSymlink: true })
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null) return target.FullName;
        }
        return path;
    }

    private static (List<byte[]> Lines, bool EndsWithNewline) ReadLines(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            lines.Add(bytes[start..i]);
            start = i + 1;
        }
        var endsWithNewline = start == bytes.Length;
        if (!endsWithNewline) lines.Add(bytes[start..]);
        return (lines, endsWithNewline);
    }

    private static byte[] Join(List<byte[]> lines, bool endsWithNewline)
    {
        using var output = new MemoryStream();
        for (var i = 0; i < lines.Count; i++)
        {
            output.Write(lines[i]);
            if (i < lines.Count - 1 || endsWithNewline) output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    /// <summary>Where <paramref name="block"/> starts at or after <paramref name="from"/>, or -1.</summary>
    private static int IndexOf(List<byte[]> lines, List<byte[]> block, int from)
    {
        for (var i = from; i + block.Count <= lines.Count; i++)
        {
            var match = true;
            for (var j = 0; j < block.Count && match; j++) match = lines[i + j].AsSpan().SequenceEqual(block[j]);
            if (match) return i;
        }
        return -1;
    }

    public override Task WatchAsync(CancellationToken cancel)
    {
        var watch = new SystemWatch();
        var path = FullPath();
        watch.File(path);
        var edited = EditedPath();
        if (edited != path) watch.File(edited);
        return watch.RunAsync(Context, path, cancel);
    }
}
