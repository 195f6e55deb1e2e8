using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// The identity and change stamps of a file whose content was last seen to be right. While a new stat of the
/// file gives the same fingerprint, the content cannot have changed (any write moves the change time, which
/// no program can set back), so the file need not be read again.
/// </summary>
internal readonly record struct ContentFingerprint(string Path, ulong Device, ulong Inode, long Size, long ModifiedNs, long ChangedNs)
{
    public static ContentFingerprint Of(string path, FileStatus s) => new(path, s.Device, s.Inode, s.Size, s.ModifiedNs, s.ChangedNs);
}
