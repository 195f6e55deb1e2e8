using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Directory trees: copying a source directory "rsync style" into the managed directory, and purging what
// nothing accounts for.
public sealed partial class FileResource
{
    private bool CheckSource(bool apply, CancellationToken cancel)
    {
        if (!HasSource && !Purge) return true;
        if (HasSource && !Source.EndsWith('/')) return CheckSourceFile(apply);

        var (target, status) = Managed();
        if (status is null)
        {
            // In noop the directory may be missing only because it has not been created yet.
            if (!apply && State == StateExists) return false;
            throw new IOException($"{target} does not exist, so nothing can be copied or purged in it; set its state to \"exists\" to create it");
        }
        if (!status.Value.IsDirectory) throw new IOException($"{target} is not a directory, so nothing can be copied or purged in it");

        var source = HasSource ? PathText.Clean(Source) : null;
        if (source is not null && Posix.TryStat(source) is not { IsDirectory: true })
        {
            throw new IOException($"source directory {Source} does not exist");
        }
        var keep = Purge ? ManagedElsewhere(target) : null;
        return SyncDirectory(apply, source, target, keep, cancel);
    }

    /// <summary>Makes <paramref name="target"/> mirror <paramref name="source"/> (and, with a purge list, nothing more).</summary>
    private bool SyncDirectory(bool apply, string? source, string target, PurgeKeep? keep, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var ok = true;
        var present = Entries(target);
        var wanted = source is null ? [] : Entries(source);
        foreach (var (name, from) in wanted.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var sourcePath = Join(source!, name);
            var targetPath = Join(target, name);
            FileStatus? existing = present.TryGetValue(name, out var found) ? found : null;
            var same = from.Kind switch
            {
                FileKind.Directory => SyncSubdirectory(apply, sourcePath, targetPath, from, existing, keep, cancel),
                FileKind.Regular => SyncFile(apply, sourcePath, targetPath, from, existing),
                FileKind.Symlink => SyncLink(apply, sourcePath, targetPath, existing),
                _ => Skip(sourcePath),
            };
            if (same) continue;
            ok = false;
            if (!apply) return false;
        }
        if (keep is null) return ok;

        foreach (var (name, status) in present.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (wanted.ContainsKey(name)) continue;
            var targetPath = Join(target, name);
            if (keep.Managed.Contains(targetPath)) continue;
            if (keep.Leads.Contains(targetPath))
            {
                // Not managed itself, but on the way to something managed: purge inside it instead.
                if (status.IsDirectory && !SyncDirectory(apply, null, targetPath, keep, cancel))
                {
                    ok = false;
                    if (!apply) return false;
                }
                continue;
            }
            Context.Changes.Action($"purge {targetPath}{(status.IsDirectory ? "/" : "")}");
            if (!apply) return false;
            Posix.RemoveAll(targetPath);
            FileLog.Purged(Context.Logger, targetPath + (status.IsDirectory ? "/" : ""));
            ok = false;
        }
        return ok;
    }

    private bool SyncSubdirectory(bool apply, string source, string target, FileStatus from, FileStatus? existing, PurgeKeep? keep, CancellationToken cancel)
    {
        var same = true;
        if (existing is not { IsDirectory: true })
        {
            if (existing is not null && !Force)
            {
                throw new IOException($"{target} is a {Describe(existing.Value)}, but the source has a directory there; set force => true to replace it");
            }
            Context.Changes.Action($"create {target}/");
            if (!apply) return false;
            if (existing is not null) Posix.RemoveAll(target);
            Posix.Mkdir(target, from.Permissions);
            Posix.Chmod(target, from.Permissions); // mkdir is subject to the umask
            FileLog.Created(Context.Logger, target + "/");
            same = false;
        }
        return SyncDirectory(apply, source, target, keep, cancel) && same;
    }

    private bool SyncFile(bool apply, string source, string target, FileStatus from, FileStatus? existing)
    {
        if (existing is { IsRegular: true } e && e.Size == from.Size && FileCompare.Equals(target, source)) return true;
        if (existing is { IsDirectory: true } && !Force)
        {
            throw new IOException($"{target} is a directory, but the source has a file there; set force => true to replace it");
        }
        Context.Changes.Action($"copy {source} to {target}");
        if (!apply) return false;
        if (existing is { IsDirectory: true }) Posix.RemoveAll(target);
        AtomicFile.CopyFrom(target, source, new AtomicWriteOptions { Mode = from.Permissions, Durable = existing is not null });
        FileLog.Copied(Context.Logger, source, target);
        return false;
    }

    // Links in the source tree are copied as links, never followed (no loops, no escaping the tree).
    private bool SyncLink(bool apply, string source, string target, FileStatus? existing)
    {
        var link = Posix.ReadLink(source) ?? "";
        if (existing is { IsSymlink: true } && Posix.ReadLink(target) == link) return true;
        if (existing is { IsDirectory: true } && !Force)
        {
            throw new IOException($"{target} is a directory, but the source has a symlink there; set force => true to replace it");
        }
        Context.Changes.Action($"link {target} -> {link}");
        if (!apply) return false;
        if (existing is { IsDirectory: true }) Posix.RemoveAll(target);
        ReplaceWithLink(link, target);
        return false;
    }

    private bool Skip(string source)
    {
        FileLog.SkippedSpecial(Context.Logger, source);
        return true;
    }

    private static string Join(string dir, string name) => dir == "/" ? "/" + name : dir + "/" + name;

    private static Dictionary<string, FileStatus> Entries(string dir)
    {
        var entries = new Dictionary<string, FileStatus>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(dir))
        {
            if (Posix.TryLstat(path) is { } status) entries[System.IO.Path.GetFileName(path)] = status;
        }
        return entries;
    }

    /// <summary>What a purge must spare: paths other file resources manage, and the directories leading to them.</summary>
    private sealed record PurgeKeep(HashSet<string> Managed, HashSet<string> Leads);

    /// <summary>The paths under <paramref name="dir"/> that other file resources of the graph manage.</summary>
    private PurgeKeep ManagedElsewhere(string dir)
    {
        var others = Context.GraphResources
            ?? throw new InvalidOperationException("purge needs to know which other files are managed, and this host does not say; remove purge");
        var keep = new PurgeKeep(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        foreach (var r in others)
        {
            if (ReferenceEquals(r, this) || r is not FileResource file) continue;
            var path = file.EntryPath;
            if (path == dir || !PathText.HasPrefix(path, dir)) continue;
            keep.Managed.Add(path);
            for (var p = PathText.Clean(PathText.Dirname(path)); p.Length > dir.Length; p = PathText.Clean(PathText.Dirname(p))) keep.Leads.Add(p);
        }
        return keep;
    }
}
