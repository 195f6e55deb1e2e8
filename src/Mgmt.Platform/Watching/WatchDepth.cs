namespace Mgmt.Platform.Watching;

/// <summary>How much of the file system around a path a subscription to <see cref="InotifyHub"/> covers.</summary>
public enum WatchDepth
{
    /// <summary>
    /// The entry at the path: it appears, disappears, is moved, is replaced, its content is written or its
    /// mode, owner or times change. Works for files and directories, existing or not yet existing.
    /// </summary>
    Entry,

    /// <summary>The entry, plus any entry directly inside it when it is a directory.</summary>
    Children,

    /// <summary>The entry, plus anything at any depth below it when it is a directory.</summary>
    Recursive,
}
