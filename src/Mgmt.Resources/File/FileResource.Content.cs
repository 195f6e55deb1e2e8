using System.Text;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Content from the content parameter, a single source file, or fragments. All three compare the bytes first
// and replace the file atomically only when they differ.
public sealed partial class FileResource
{
    private ContentFingerprint? _verified;
    private string? _encodedFor;
    private byte[] _encoded = [];

    // The wanted bytes, re-encoded only when the content string itself changes (send/recv, new graph).
    private byte[] ContentBytes
    {
        get
        {
            var content = Content ?? "";
            if (!ReferenceEquals(content, _encodedFor))
            {
                _encoded = Encoding.UTF8.GetBytes(content);
                _encodedFor = content;
                _verified = null;
            }
            return _encoded;
        }
    }

    private bool CheckContent(bool apply) => !HasContent || CheckBytes(apply, ContentBytes, cacheable: true, "content");

    private bool CheckFragments(bool apply)
    {
        if (!HasFragments) return true;
        using var joined = new MemoryStream();
        foreach (var fragment in Fragments ?? [])
        {
            if (!fragment.EndsWith('/'))
            {
                AppendFragment(joined, fragment);
                continue;
            }
            var dir = PathText.Clean(fragment);
            if (Posix.TryStat(dir) is not { IsDirectory: true }) throw new IOException($"fragment directory {fragment} does not exist");
            // Only the files directly inside, in name order; subdirectories are skipped.
            foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            {
                if (Posix.TryStat(file) is { IsRegular: true }) AppendFragment(joined, file);
            }
        }
        return CheckBytes(apply, joined.GetBuffer().AsSpan(0, (int)joined.Length), cacheable: false, "fragments");
    }

    private static void AppendFragment(MemoryStream into, string file)
    {
        try
        {
            using var f = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            f.CopyTo(into);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"fragment {file} does not exist", e);
        }
    }

    /// <summary>Makes the managed file hold exactly <paramref name="wanted"/>; true when it already did.</summary>
    private bool CheckBytes(bool apply, ReadOnlySpan<byte> wanted, bool cacheable, string what)
    {
        var (path, status) = Managed();
        if (!PrepareForFile(apply, path, status, what, out var exists)) return false;
        if (exists)
        {
            var s = status!.Value;
            if (cacheable && _verified == ContentFingerprint.Of(path, s)) return true;
            if (s.Size == wanted.Length && FileCompare.Equals(path, wanted))
            {
                if (cacheable) _verified = ContentFingerprint.Of(path, s);
                return true;
            }
        }
        ReportContent(what, path, exists ? status!.Value.Size : null, wanted);
        if (!apply) return false;
        if (!exists) RequireParent(path);
        // Replacing existing content is flushed to disk; a new file is not worth the cost (a rerun recreates it).
        AtomicFile.Write(path, wanted, new AtomicWriteOptions { Mode = OctalMode, Durable = exists });
        FileLog.Wrote(Context.Logger, path, wanted.Length, what);
        return false;
    }

    /// <summary>
    /// Shared checks before writing a file's content: the file may be missing (then only "exists" may create
    /// it), a directory (replaced only with force) or special (never). Returns false to stop with "not ok".
    /// </summary>
    private bool PrepareForFile(bool apply, string path, FileStatus? status, string what, out bool exists)
    {
        exists = false;
        if (status is null)
        {
            if (State != StateExists)
            {
                throw new IOException($"{path} does not exist, so its {what} cannot be managed; set its state to \"exists\" to create it");
            }
            return true;
        }
        if (status.Value.IsDirectory)
        {
            if (!Force) throw new IOException($"{path} is a directory, but a file is wanted; set force => true to replace it and everything in it");
            Context.Changes.Set("state", "directory", "file");
            if (!apply) return false;
            Posix.RemoveAll(path);
            FileLog.Replaced(Context.Logger, path, "directory", "file");
            return true;
        }
        // With force, a symlink at the path is replaced by the file (the rename swaps the entry itself).
        if (status.Value.IsSymlink) return true;
        if (!status.Value.IsRegular) throw new IOException($"{path} is a device, fifo or socket, not a regular file");
        exists = true;
        return true;
    }

    private static void RequireParent(string path)
    {
        var parent = PathText.Dirname(path);
        if (Posix.TryStat(parent) is not { IsDirectory: true })
        {
            throw new IOException($"cannot create {path}: its parent directory {parent} does not exist; manage it too " +
                "(a file resource for the directory, with state \"exists\", is applied first)");
        }
    }

    // A single source file: copied when its bytes differ. A new or replaced file takes the source's mode
    // unless the resource sets one.
    private bool CheckSourceFile(bool apply)
    {
        var source = Source;
        var sourceStatus = Posix.TryStat(source) ?? throw new IOException($"source {source} does not exist");
        if (!sourceStatus.IsRegular) throw new IOException($"source {source} is not a regular file");
        var (path, status) = Managed();
        if (!PrepareForFile(apply, path, status, "content", out var exists)) return false;
        if (exists && status!.Value.Size == sourceStatus.Size && FileCompare.Equals(path, source)) return true;
        ReportContent("content", path, exists ? status!.Value.Size : null, source, sourceStatus.Size);
        if (!apply) return false;
        if (!exists) RequireParent(path);
        AtomicFile.CopyFrom(path, source, new AtomicWriteOptions { Mode = OctalMode ?? sourceStatus.Permissions, Durable = exists });
        FileLog.Copied(Context.Logger, source, path);
        return false;
    }
}
