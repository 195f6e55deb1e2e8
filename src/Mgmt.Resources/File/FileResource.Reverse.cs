using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Reversal (Meta:reverse): before this resource first applies, the engine asks what would undo it. The answer
// is computed from what is on disk now:
//  - nothing at the path, and this resource creates it: the undo removes it (a directory filled from a source
//    goes with its content; any other directory only when empty);
//  - state "absent" on an existing entry: the undo recreates it as it is now (file content, link target,
//    empty directory, with mode and owner);
//  - content, fragments or a source file on an existing file: the undo restores the current content;
//  - mode, owner, group: the undo restores the current ones;
//  - symlink over an existing entry: the undo restores the old link target, file or empty directory.
// Directory trees copied from a source are not captured. Files over 16 MiB keep their new content.
public sealed partial class FileResource
{
    private const long ReversibleContentLimit = 16 * 1024 * 1024;

    public Resource? Reversed()
    {
        var path = EntryPath;
        var entry = Posix.TryLstat(path);
        var undo = new FileResource { Name = Name, Meta = Meta with { Reverse = false }, Path = FullPath };

        if (entry is null)
        {
            if (State != StateExists) return null;
            undo.State = StateAbsent;
            undo.Symlink = Symlink;
            undo.Recurse = IsDirectory && HasSource;
            return undo;
        }
        if (Symlink)
        {
            // A link that is already right needs no undo; without a state the link is not managed at all.
            if (State.Length == 0 || (State == StateExists && entry.Value.IsSymlink && Posix.ReadLink(path) == Source)) return null;
            Recreate(undo, path, entry.Value);
            return undo;
        }
        if (State == StateAbsent)
        {
            Recreate(undo, path, entry.Value);
            return undo;
        }

        var changed = false;
        var (managed, status) = Managed();
        if (status is null) return null;
        if (HasContent || HasFragments || (HasSource && !IsDirectory))
        {
            if (status.Value.IsRegular)
            {
                if (status.Value.Size <= ReversibleContentLimit)
                {
                    undo.State = StateExists;
                    undo.Content = File.ReadAllText(managed);
                    changed = true;
                }
            }
            else if (status.Value.IsSymlink || status.Value.IsDirectory)
            {
                // With force the link or empty directory is replaced: bring it back.
                Recreate(undo, path, status.Value);
                return undo;
            }
        }
        if (Mode.Length > 0)
        {
            undo.Mode = PermissionMode.Format(status.Value.Permissions);
            changed = true;
        }
        if (Owner.Length > 0)
        {
            undo.Owner = status.Value.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            changed = true;
        }
        if (Group.Length > 0)
        {
            undo.Group = status.Value.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            changed = true;
        }
        if (changed && undo.Content is null && undo.State.Length == 0 && managed != path)
        {
            // Attributes of a symlink's target: the undo must act on the same target.
            undo.Path = managed + (status.Value.IsDirectory ? "/" : "");
        }
        return changed ? undo : null;
    }

    /// <summary>Makes <paramref name="undo"/> bring back the entry as it is now, replacing whatever is there then.</summary>
    private static void Recreate(FileResource undo, string path, FileStatus entry)
    {
        undo.State = StateExists;
        undo.Force = true;
        switch (entry.Kind)
        {
            case FileKind.Symlink:
                undo.Path = path;
                undo.Symlink = true;
                undo.Source = Posix.ReadLink(path) ?? "";
                undo.Owner = entry.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
                undo.Group = entry.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            case FileKind.Directory:
                undo.Path = path == "/" ? "/" : path + "/";
                break;
            default:
                undo.Path = path;
                if (entry.Size <= ReversibleContentLimit) undo.Content = File.ReadAllText(path);
                break;
        }
        undo.Mode = PermissionMode.Format(entry.Permissions);
        undo.Owner = entry.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        undo.Group = entry.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
