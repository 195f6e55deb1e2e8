using System.Text;
using Mgmt.Platform.Files;
using Mgmt.Platform.Native;

namespace Mgmt.Resources;

// The SELinux security context, kept in the security.selinux extended attribute of the entry itself.
public sealed partial class FileResource
{
    private const string SelinuxAttribute = "security.selinux";

    private bool CheckSelinux(bool apply)
    {
        if (Selinux is not { } wanted || State == StateAbsent) return true;
        var (path, status) = Symlink ? (EntryPath, Posix.TryLstat(EntryPath)) : Managed();
        if (status is null) return MissingForAttributes(apply, path, "SELinux context");
        // The kernel may store the context with a trailing NUL.
        var current = Posix.TryGetXattr(path, SelinuxAttribute) is { } raw ? Encoding.UTF8.GetString(raw).TrimEnd('\0') : null;
        if (current == wanted || (current is null && wanted.Length == 0)) return true;
        if (!apply) return false;
        try
        {
            if (wanted.Length == 0) Posix.RemoveXattr(path, SelinuxAttribute);
            else Posix.SetXattr(path, SelinuxAttribute, Encoding.UTF8.GetBytes(wanted));
        }
        catch (PosixException e) when (e.Errno == Errno.EOPNOTSUPP)
        {
            throw new IOException($"cannot set the SELinux context of {path}: its file system does not support it", e);
        }
        FileLog.Relabelled(Context.Logger, path, wanted.Length == 0 ? "(none)" : wanted);
        return false;
    }
}
