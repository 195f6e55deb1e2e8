using Mgmt.Platform.Files;
using Mgmt.Platform.Native;

namespace Mgmt.Resources;

// symlink => true: the path is a symbolic link whose target text is the source (which need not exist).
public sealed partial class FileResource
{
    private bool CheckSymlink(bool apply)
    {
        if (State.Length == 0) return true; // like the reference: existence of a link is only managed with a state
        var path = EntryPath;
        var entry = Posix.TryLstat(path);
        if (State == StateAbsent)
        {
            if (entry is null) return true;
            if (!entry.Value.IsSymlink && !Force)
            {
                throw new IOException($"{path} is a {Describe(entry.Value)}, not a symlink; set force => true to remove it anyway");
            }
            Context.Changes.Set("state", Describe(entry.Value), "absent");
            if (!apply) return false;
            RemoveEntry(path, entry.Value);
            FileLog.Removed(Context.Logger, path);
            return false;
        }

        if (entry is { IsSymlink: true } && Posix.ReadLink(path) == Source) return true;
        if (entry is { IsSymlink: false } && !Force)
        {
            throw new IOException($"{path} is a {Describe(entry.Value)}, not a symlink; set force => true to replace it with the link");
        }
        Context.Changes.Set("symlink", entry is null ? null : entry.Value.IsSymlink ? Posix.ReadLink(path) : Describe(entry.Value), Source);
        if (!apply) return false;
        // A directory cannot be renamed over; it must go first (only when empty, as the reference does).
        if (entry is { IsDirectory: true }) RemoveEntry(path, entry.Value);
        ReplaceWithLink(Source, path);
        FileLog.Linked(Context.Logger, path, Source);
        return false;
    }

    private static void RemoveEntry(string path, FileStatus entry)
    {
        if (!entry.IsDirectory)
        {
            Posix.Unlink(path);
            return;
        }
        try
        {
            Posix.Rmdir(path);
        }
        catch (PosixException e) when (e.Errno == Errno.ENOTEMPTY)
        {
            throw new IOException($"{path} is a directory that is not empty; empty it first (a symlink never removes a directory tree)", e);
        }
    }

    /// <summary>Creates the link under a temporary name and renames it into place, so the path never goes missing.</summary>
    private static void ReplaceWithLink(string target, string path)
    {
        var temporary = AtomicFile.TemporaryPathFor(path);
        Posix.Symlink(target, temporary);
        try
        {
            Posix.Rename(temporary, path);
        }
        catch
        {
            Posix.Unlink(temporary);
            throw;
        }
    }
}
