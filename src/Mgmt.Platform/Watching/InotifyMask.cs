namespace Mgmt.Platform.Watching;

/// <summary>inotify event bits (linux/inotify.h), identical on every architecture.</summary>
internal static class InotifyMask
{
    public const uint Modify = 0x2;
    public const uint Attrib = 0x4;
    public const uint MovedFrom = 0x40;
    public const uint MovedTo = 0x80;
    public const uint Create = 0x100;
    public const uint Delete = 0x200;
    public const uint DeleteSelf = 0x400;
    public const uint MoveSelf = 0x800;
    public const uint Unmount = 0x2000;
    public const uint QueueOverflow = 0x4000;
    public const uint Ignored = 0x8000;
    public const uint OnlyDir = 0x01000000;
    public const uint ExcludeUnlinked = 0x04000000;
    public const uint IsDir = 0x40000000;

    public const int NonBlock = 0x800;
    public const int CloseOnExec = 0x80000;

    /// <summary>What every directory watch asks for: any change of a child, and the directory going away.</summary>
    public const uint DirectoryWatch =
        Modify | Attrib | MovedFrom | MovedTo | Create | Delete | DeleteSelf | MoveSelf | OnlyDir | ExcludeUnlinked;

    /// <summary>Events that change which entry a name refers to.</summary>
    public const uint Structural = Create | Delete | MovedFrom | MovedTo;

    /// <summary>Events saying the watched directory is no longer at its path.</summary>
    public const uint SelfGone = DeleteSelf | MoveSelf | Unmount | Ignored;
}
