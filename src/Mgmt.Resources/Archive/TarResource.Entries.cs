using System.Text;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Which entries go into the archive, and the digest of everything about them that ends up in it.
public sealed partial class TarResource
{
    /// <summary>One entry of the archive: the path it is read from and the name it gets inside.</summary>
    private readonly record struct TarInput(string Source, string Name, FileStatus Status);

    /// <summary>Every entry in archive order; throws for a missing input or a kind of file a tar cannot hold.</summary>
    private List<TarInput> CollectEntries(CancellationToken cancel)
    {
        var entries = new List<TarInput>();
        foreach (var input in Inputs)
        {
            cancel.ThrowIfCancellationRequested();
            var source = PathText.Clean(input);
            var status = Posix.TryLstat(source) ?? throw new FileNotFoundException($"the input {input} does not exist, so the archive cannot be made yet");
            if (!status.IsDirectory)
            {
                entries.Add(Checked(source, PathText.Basename(source), status));
                continue;
            }
            // "dir/" puts the contents at the top; "dir" keeps the directory's own name as a prefix.
            var prefix = input.EndsWith('/') ? "" : PathText.Basename(source) + "/";
            if (prefix.Length > 0) entries.Add(new TarInput(source, prefix, status));
            AddTree(entries, source, prefix, cancel);
        }
        return entries;
    }

    private static void AddTree(List<TarInput> entries, string directory, string prefix, CancellationToken cancel)
    {
        var names = Directory.EnumerateFileSystemEntries(directory).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            cancel.ThrowIfCancellationRequested();
            var source = directory.TrimEnd('/') + "/" + name;
            var status = Posix.TryLstat(source);
            if (status is null) continue; // removed while we looked: the watch brings us back
            if (status.Value.IsDirectory)
            {
                entries.Add(new TarInput(source, prefix + name + "/", status.Value));
                AddTree(entries, source, prefix + name + "/", cancel);
            }
            else
            {
                entries.Add(Checked(source, prefix + name, status.Value));
            }
        }
    }

    private static TarInput Checked(string source, string name, FileStatus status) =>
        status.IsRegular || status.IsSymlink
            ? new TarInput(source, name, status)
            : throw new IOException($"{source} is neither a regular file, a directory nor a symbolic link, so it cannot go into a tar archive");

    /// <summary>The format, and for each entry its name, type, mode, owner and content (or link target).</summary>
    private string InputDigest(List<TarInput> entries, CancellationToken cancel)
    {
        var text = new StringBuilder($"format:{Format}\n");
        foreach (var e in entries)
        {
            var s = e.Status;
            text.Append(e.Name).Append('|').Append(s.Permissions).Append('|').Append(s.Uid).Append(':').Append(s.Gid).Append('|');
            if (s.IsRegular) text.Append(ArchiveRecord.HashFile(e.Source, cancel));
            else if (s.IsSymlink) text.Append("->").Append(Posix.ReadLink(e.Source));
            text.Append('\n');
        }
        return ArchiveRecord.HashStream(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), cancel);
    }
}
