using Mgmt.Platform.Files;
using Mgmt.Platform.Users;

namespace Mgmt.Resources;

// Owner, group and mode. Names are resolved at apply time (a user resource may create the account first),
// and a successful lookup is remembered for the life of the resource.
public sealed partial class FileResource
{
    private (string Name, uint Id)? _uid;
    private (string Name, uint Id)? _gid;

    private bool CheckOwner(bool apply)
    {
        if ((Owner.Length == 0 && Group.Length == 0) || State == StateAbsent) return true;
        var (path, status) = Symlink ? (EntryPath, Posix.TryLstat(EntryPath)) : Managed();
        if (status is null) return MissingForAttributes(apply, path, "owner");

        var uid = Owner.Length > 0 ? ResolveUser() : status.Value.Uid;
        var gid = Group.Length > 0 ? ResolveGroup() : status.Value.Gid;
        if (status.Value.Uid == uid && status.Value.Gid == gid) return true;
        Context.Changes.Set("owner", $"{status.Value.Uid}:{status.Value.Gid}", $"{uid}:{gid}");
        if (!apply) return false;
        if (Symlink) Posix.Lchown(path, uid, gid);
        else Posix.Chown(path, uid, gid);
        FileLog.Chowned(Context.Logger, path, uid, gid);
        return false;
    }

    private bool CheckMode(bool apply)
    {
        if (Mode.Length == 0 || State == StateAbsent || Symlink) return true;
        var (path, status) = Managed();
        if (status is null) return MissingForAttributes(apply, path, "mode");
        var wanted = PermissionMode.Apply(Mode, status.Value.Permissions, status.Value.IsDirectory);
        if (status.Value.Permissions == wanted) return true;
        Context.Changes.Set("mode", PermissionMode.Format(status.Value.Permissions), PermissionMode.Format(wanted));
        if (!apply) return false;
        Posix.Chmod(path, wanted);
        FileLog.Chmodded(Context.Logger, path, PermissionMode.Format(wanted));
        return false;
    }

    // In noop a missing file is only "would change"; applying on a missing file means nothing creates it.
    private bool MissingForAttributes(bool apply, string path, string what)
    {
        if (!apply && State == StateExists)
        {
            Context.Changes.Set(what, null, what == "mode" ? Mode : $"{Owner}:{Group}".Trim(':'));
            return false;
        }
        throw new IOException($"{path} does not exist, so its {what} cannot be set; set its state to \"exists\" to create it");
    }

    private uint ResolveUser()
    {
        if (_uid is { } cached && cached.Name == Owner) return cached.Id;
        var id = Accounts.ResolveUserId(Owner);
        _uid = (Owner, id);
        return id;
    }

    private uint ResolveGroup()
    {
        if (_gid is { } cached && cached.Name == Group) return cached.Id;
        var id = Accounts.ResolveGroupId(Group);
        _gid = (Group, id);
        return id;
    }
}
