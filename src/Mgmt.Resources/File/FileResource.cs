using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// <c>file</c>: a file, a directory (a path ending in <c>/</c>) or a symlink, with its existence, content, owner
/// and mode. Content comes from <see cref="Content"/>, a <see cref="Source"/> file or directory tree, or the
/// concatenation of <see cref="Fragments"/>. Writes are atomic; drift is seen through the shared inotify hub and
/// repaired at once.
/// </summary>
/// <remarks>
/// Parameters that need something to exist never create it by themselves: without <c>state => "exists"</c>,
/// content, mode or owner on a missing file is an error, as in the reference. See docs/resources/file.md.
/// </remarks>
[ResourceKind("file")]
public sealed partial class FileResource : Resource, IEdgeable, IReceivable, IReversible
{
    /// <summary>The <see cref="State"/> that makes the file exist.</summary>
    public const string StateExists = "exists";

    /// <summary>The <see cref="State"/> that removes the file.</summary>
    public const string StateAbsent = "absent";

    /// <summary>The path to manage; the name when empty. Absolute; a trailing slash makes it a directory.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>Replaces the directory part of the path; must end with a slash.</summary>
    [Param("dirname")]
    public string Dirname { get; set; } = "";

    /// <summary>Replaces the last part of the path; must not start with a slash.</summary>
    [Param("basename")]
    public string Basename { get; set; } = "";

    /// <summary><c>exists</c>, <c>absent</c>, or empty to leave existence alone.</summary>
    [Param("state")]
    public string State
    {
        get => _state;
        // The two usual values are kept as the shared constants: a front end hands every resource its own copy
        // of "exists", 32 bytes per file held for the life of the graph.
        set => _state = value switch
        {
            StateExists => StateExists,
            StateAbsent => StateAbsent,
            _ => value,
        };
    }

    private string _state = "";

    /// <summary>The whole content of the file; null leaves the content alone (the empty string empties it).</summary>
    [Param("content")]
    public string? Content { get; set; }

    /// <summary>A file to copy, or a directory (ending in <c>/</c>) to copy recursively; with <see cref="Symlink"/>, the link target.</summary>
    [Param("source")]
    public string Source { get; set; } = "";

    /// <summary>Files, and directories (ending in <c>/</c>) whose files are taken in name order, concatenated into the content.</summary>
    [Param("fragments")]
    public IReadOnlyList<string>? Fragments { get; set; }

    /// <summary>The owner, as a user name or a numeric uid.</summary>
    [Param("owner")]
    public string Owner { get; set; } = "";

    /// <summary>The group, as a group name or a numeric gid.</summary>
    [Param("group")]
    public string Group { get; set; } = "";

    /// <summary>The permissions, octal (<c>0644</c>) or symbolic (<c>u=rw,go=r</c>).</summary>
    [Param("mode")]
    public string Mode { get; set; } = "";

    /// <summary>
    /// The content is a secret: change reports (logs, the web view) say that it changed and its sizes, never a diff.
    /// </summary>
    [Param("sensitive")]
    public bool Sensitive { get; set; }

    /// <summary>Copy source directories recursively, create missing parent directories, remove directories with their content.</summary>
    [Param("recurse")]
    public bool Recurse { get; set; }

    /// <summary>Allow replacing a file by a directory, a directory by a file, or either by a symlink and back.</summary>
    [Param("force")]
    public bool Force { get; set; }

    /// <summary>Remove everything in the directory that neither the source nor another file resource accounts for.</summary>
    [Param("purge")]
    public bool Purge { get; set; }

    /// <summary>Make the path a symbolic link whose target is <see cref="Source"/>.</summary>
    [Param("symlink")]
    public bool Symlink { get; set; }

    /// <summary>The SELinux security context, such as <c>system_u:object_r:etc_t:s0</c>; empty removes it; unset leaves it alone.</summary>
    [Param("selinux")]
    public string? Selinux { get; set; }

    /// <summary>The path actually managed, after <see cref="Dirname"/> and <see cref="Basename"/>; directories end with a slash.</summary>
    public string FullPath
    {
        get
        {
            var p = Path.Length > 0 ? Path : Name;
            if (Dirname.Length == 0 && Basename.Length == 0) return p;
            var dir = Dirname.Length > 0 ? Dirname : PathText.Dirname(p);
            var name = Basename.Length > 0 ? Basename : PathText.Basename(p);
            return dir + name;
        }
    }

    /// <summary>True when the managed path is a directory (it ends with a slash).</summary>
    public bool IsDirectory => FullPath.EndsWith('/');

    // The path for system calls: no trailing slash (except the root itself). Every check and watch asks for it.
    // A path that is clean already (most files) is its own entry path and nothing is kept; one that cleaning
    // changes (a directory's trailing slash) is cleaned again only when the full path changes: cleaning allocates.
    private string EntryPath
    {
        get
        {
            var full = FullPath;
            var cached = _entryPath;
            if (cached is not null && cached.Full == full) return cached.Entry;
            var entry = PathText.Clean(full);
            if (!ReferenceEquals(entry, full)) _entryPath = new CleanedPath(full, entry);
            return entry;
        }
    }

    // One object, so that a reader on another thread (the watch) never sees a full path paired with another's entry.
    private sealed record CleanedPath(string Full, string Entry);

    private CleanedPath? _entryPath;

    private bool HasContent => Content is not null;
    private bool HasSource => Source.Length > 0;
    private bool HasFragments => Fragments is { Count: > 0 };

    public override void Validate()
    {
        var path = FullPath;
        if (path.Length == 0) throw Invalid("the path is empty: give the resource an absolute path as its name or in path");
        if (Dirname.Length > 0 && !Dirname.EndsWith('/')) throw Invalid($"dirname '{Dirname}' must end with a slash");
        if (Basename.StartsWith('/')) throw Invalid($"basename '{Basename}' must not start with a slash");
        if (!path.StartsWith('/')) throw Invalid($"the path '{path}' must be absolute (start with a slash)");
        if (State is not (StateExists or StateAbsent or ""))
        {
            throw Invalid($"state '{State}' is not valid: use \"{StateExists}\", \"{StateAbsent}\", or leave it unset");
        }

        var sources = (HasContent ? 1 : 0) + (HasSource && !Symlink ? 1 : 0) + (HasFragments ? 1 : 0);
        if (sources > 1) throw Invalid("content, source and fragments are mutually exclusive: set only one of them");
        if (State == StateAbsent && (HasContent || HasSource || HasFragments))
        {
            throw Invalid("a file with state \"absent\" cannot have content, source or fragments");
        }
        if (State == StateAbsent && Selinux is not null) throw Invalid("a file with state \"absent\" has no SELinux context to set: remove selinux");

        if (Symlink) ValidateSymlink();
        else ValidateCopies();

        foreach (var fragment in Fragments ?? [])
        {
            if (!fragment.StartsWith('/')) throw Invalid($"fragment '{fragment}' must be an absolute path");
            if (fragment.EndsWith('/') && PathText.HasPrefix(path, fragment))
            {
                throw Invalid($"the file is inside its own fragment directory '{fragment}', which would feed it into itself");
            }
        }
        if (Purge && !Recurse) throw Invalid("purge needs recurse => true (it walks the whole directory)");
        if (Purge && (HasContent || HasFragments)) throw Invalid("purge works on directories and cannot be combined with content or fragments");
        if (Purge && !IsDirectory) throw Invalid("purge works on directories: end the path with a slash");
        if (Mode.Length > 0)
        {
            try
            {
                PermissionMode.Validate(Mode);
            }
            catch (FormatException e)
            {
                throw Invalid(e.Message);
            }
        }
    }

    private void ValidateSymlink()
    {
        if (IsDirectory) throw Invalid("a symlink path must not end with a slash");
        if (!HasSource && State == StateExists) throw Invalid("symlink => true needs source, the target the link points to");
        if (HasContent || HasFragments) throw Invalid("a symlink cannot have content or fragments");
        if (Recurse || Purge) throw Invalid("a symlink cannot use recurse or purge");
        if (Mode.Length > 0) throw Invalid("a symlink has no mode of its own on Linux: remove mode (set it on the target instead)");
    }

    private void ValidateCopies()
    {
        if (IsDirectory && (HasContent || HasFragments)) throw Invalid("a directory (path ending in a slash) cannot have content or fragments");
        if (!HasSource) return;
        if (!Source.StartsWith('/')) throw Invalid($"source '{Source}' must be an absolute path");
        var sourceIsDirectory = Source.EndsWith('/');
        if (sourceIsDirectory != IsDirectory)
        {
            throw Invalid("the path and the source must both be directories (ending in a slash) or both be files");
        }
        if (sourceIsDirectory && !Recurse) throw Invalid("copying a source directory needs recurse => true");
        if (!sourceIsDirectory && Recurse) throw Invalid("recurse cannot be used when copying a single file");
    }

    private static ResourceValidationException Invalid(string message) => new(message);
}
