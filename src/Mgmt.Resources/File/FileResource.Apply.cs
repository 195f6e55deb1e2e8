using Mgmt.Platform.Files;
using Mgmt.Platform.Native;

namespace Mgmt.Resources;

// CheckApply: the order follows the reference (existence, content, source or symlink, fragments, owner, mode),
// and every step runs even when an earlier one found a difference, so noop mode reports everything.
public sealed partial class FileResource
{
    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (Context.Received.TryGetValue("content", out var received) && received.Changed)
        {
            // A new content arrived over send/recv: whatever was verified before says nothing about it.
            _verified = null;
        }
        // One lstat of the managed entry serves every step until a step reports a difference (it may have changed
        // the entry): a plain file with content costs one stat per check instead of one per step.
        _managed = null;
        _statsShared = true;
        try
        {
            if (apply) RemoveLeftovers();
            var ok = Step(CheckState(apply));
            ok &= Step(CheckContent(apply));
            ok &= Step(Symlink ? CheckSymlink(apply) : CheckSource(apply, cancel));
            ok &= Step(CheckFragments(apply));
            ok &= Step(CheckOwner(apply));
            ok &= Step(CheckMode(apply));
            ok &= Step(CheckSelinux(apply));
            return Task.FromResult(ok);
        }
        catch (UnauthorizedAccessException e)
        {
            return Task.FromException<bool>(new IOException(e.Message, e));
        }
        catch (Exception e)
        {
            // The work is synchronous (small system calls); failures still travel in the task, as callers expect.
            return Task.FromException<bool>(e);
        }
        finally
        {
            _statsShared = false;
            _managed = null;
        }
    }

    // Within one CheckApply: the last status of the managed entry, while no step has changed anything since.
    // Boxed, and only while a CheckApply runs: held inline, the path and status took 88 bytes of every file
    // resource for the whole life of the graph.
    private bool _statsShared;
    private ManagedEntry? _managed;

    private sealed record ManagedEntry(string Path, FileStatus? Status);

    // A step that found a difference may have changed the entry (when applying): the next step looks again.
    private bool Step(bool same)
    {
        if (!same) _managed = null;
        return same;
    }

    /// <summary>
    /// The entry this resource manages: with <see cref="Force"/> the entry at the path itself (a symlink there is
    /// replaced); otherwise, like the reference, what a symlink at the path leads to.
    /// </summary>
    private (string Path, FileStatus? Status) Managed()
    {
        if (_statsShared && _managed is { } seen) return (seen.Path, seen.Status);
        var managed = LookUpManaged();
        if (_statsShared) _managed = new ManagedEntry(managed.Path, managed.Status);
        return managed;
    }

    private (string Path, FileStatus? Status) LookUpManaged()
    {
        var entry = EntryPath;
        var status = Posix.TryLstat(entry);
        if (status is not { IsSymlink: true } || Force) return (entry, status);
        var target = FollowLinks(entry);
        return (target, Posix.TryLstat(target));
    }

    // Resolves a chain of symlinks to the final path (which may not exist).
    private static string FollowLinks(string path)
    {
        for (var hops = 0; hops < 40; hops++)
        {
            var target = Posix.ReadLink(path);
            if (target is null) return path;
            path = PathText.Clean(target.StartsWith('/') ? target : PathText.Dirname(path) + target);
        }
        throw new PosixException("stat", path, Errno.ELOOP);
    }

    private bool CheckState(bool apply)
    {
        if (State.Length == 0) return true;
        if (Symlink) return true; // the symlink step owns existence
        return State == StateAbsent ? CheckAbsent(apply) : IsDirectory ? CheckDirectoryExists(apply) : CheckFileExists(apply);
    }

    private bool CheckAbsent(bool apply)
    {
        var path = EntryPath;
        var entry = Posix.TryLstat(path);
        if (entry is null) return true;
        Context.Changes.Set("state", Describe(entry.Value), "absent");
        if (!apply) return false;
        if (path == "/") throw new InvalidOperationException("refusing to remove the root directory");
        if (entry.Value.IsDirectory)
        {
            if (Recurse)
            {
                Posix.RemoveAll(path);
            }
            else
            {
                try
                {
                    Posix.Rmdir(path);
                }
                catch (PosixException e) when (e.Errno == Errno.ENOTEMPTY)
                {
                    throw new IOException($"{path} is a directory that is not empty; set recurse => true to remove it with everything inside", e);
                }
            }
        }
        else
        {
            Posix.Unlink(path);
        }
        FileLog.Removed(Context.Logger, path);
        return false;
    }

    private bool CheckDirectoryExists(bool apply)
    {
        var (path, status) = Managed();
        if (status is { IsDirectory: true }) return true;
        if (status is not null && !Force)
        {
            throw new IOException($"{path} is a {Describe(status.Value)}, but a directory is wanted; set force => true to replace it");
        }
        Context.Changes.Set("state", status is null ? null : Describe(status.Value), "directory");
        if (!apply) return false;
        if (status is not null)
        {
            Posix.RemoveAll(path);
            FileLog.Replaced(Context.Logger, path, Describe(status.Value), "directory");
        }
        var mode = Mode.Length > 0 && PermissionMode.TryParseOctal(Mode, out var octal) ? octal : 0x1FFu; // 0777, less umask
        if (Recurse)
        {
            MakeParents(path, mode);
        }
        else if (Posix.TryStat(PathText.Dirname(path)) is not { IsDirectory: true })
        {
            throw new IOException($"cannot create {path}: its parent directory {PathText.Dirname(path)} does not exist; " +
                "manage the parent too, or set recurse => true to create missing parents");
        }
        Posix.Mkdir(path, mode);
        FileLog.Created(Context.Logger, path + "/");
        return false;
    }

    private static void MakeParents(string path, uint mode)
    {
        var missing = new Stack<string>();
        foreach (var ancestor in PathText.Ancestors(path))
        {
            if (Posix.TryStat(ancestor) is { IsDirectory: true }) break;
            missing.Push(ancestor);
        }
        while (missing.TryPop(out var dir)) Posix.Mkdir(dir, mode);
    }

    private bool CheckFileExists(bool apply)
    {
        var (path, status) = Managed();
        if (status is { IsRegular: true }) return true;
        if (status is { IsDirectory: true } && !Force)
        {
            throw new IOException($"{path} is a directory, but a file is wanted; set force => true to replace it and everything in it");
        }
        if (status is { Kind: FileKind.Other }) throw new IOException($"{path} is a device, fifo or socket, not a regular file");
        Context.Changes.Set("state", status is null ? null : Describe(status.Value), "file");
        if (!apply) return false;
        // Content, source and fragments write the file themselves; only an empty file is made here.
        if (HasContent || HasSource || HasFragments) return false;
        if (status is not null)
        {
            Posix.RemoveAll(path);
            FileLog.Replaced(Context.Logger, path, Describe(status.Value), "file");
        }
        RequireParent(path);
        AtomicFile.Write(path, [], new AtomicWriteOptions { Mode = OctalMode, Durable = false });
        FileLog.Created(Context.Logger, path);
        return false;
    }

    private uint? OctalMode => Mode.Length > 0 && PermissionMode.TryParseOctal(Mode, out var m) ? m : null;

    private static string Describe(FileStatus status) => status.Kind switch
    {
        FileKind.Regular => "file",
        FileKind.Directory => "directory",
        FileKind.Symlink => "symlink",
        _ => "special file",
    };
}
