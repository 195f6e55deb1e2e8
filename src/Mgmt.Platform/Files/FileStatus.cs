namespace Mgmt.Platform.Files;

/// <summary>What a directory entry is.</summary>
public enum FileKind
{
    Regular,
    Directory,
    Symlink,

    /// <summary>A device, fifo or socket.</summary>
    Other,
}

/// <summary>
/// The result of one <c>statx</c>: type, permission bits, owner, size and the identity and change stamps used to
/// tell cheaply whether a file changed since it was last looked at.
/// </summary>
/// <param name="Kind">What the entry is.</param>
/// <param name="Permissions">The low twelve mode bits (<c>07777</c>: setuid, setgid, sticky and rwx).</param>
/// <param name="Uid">Owner user id.</param>
/// <param name="Gid">Owner group id.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Inode">Inode number.</param>
/// <param name="Device">Device holding the inode (major in the high half, minor in the low half).</param>
/// <param name="ModifiedNs">Last content change, in nanoseconds since the epoch.</param>
/// <param name="ChangedNs">Last inode change (content, mode, owner, links), in nanoseconds since the epoch.
/// Unlike the modification time it cannot be set by a program, which makes it a safe cache key.</param>
/// <param name="Links">Number of hard links.</param>
public readonly record struct FileStatus(
    FileKind Kind,
    uint Permissions,
    uint Uid,
    uint Gid,
    long Size,
    ulong Inode,
    ulong Device,
    long ModifiedNs,
    long ChangedNs,
    uint Links)
{
    public bool IsDirectory => Kind == FileKind.Directory;
    public bool IsRegular => Kind == FileKind.Regular;
    public bool IsSymlink => Kind == FileKind.Symlink;
}
