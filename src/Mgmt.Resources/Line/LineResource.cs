using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Users;

namespace Mgmt.Resources;

/// <summary>
/// <c>line</c>: a line (or a block of consecutive lines) present in a file, or absent from it. The rest of the file
/// is left as it is. Every change rewrites the file atomically (its mode and owner kept), so a reader never sees
/// half a change; a missing file is created (mode 0600) when the line must exist.
/// </summary>
/// <remarks>
/// An added block goes at the end of the file. Removing deletes every occurrence of the block. Lines are compared
/// byte for byte, without their newline. A symlink is followed: the file it leads to is edited. See
/// docs/resources/line.md.
/// </remarks>
[ResourceKind("line")]
public sealed partial class LineResource : Resource, IEdgeable
{
    /// <summary>The file: an absolute path, or <c>~/...</c> or <c>~user/...</c> in a home directory.</summary>
    [Param("file")]
    public string File { get; set; } = "";

    /// <summary><c>exists</c> or <c>absent</c>.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>The line, or several lines separated by newlines. Empty means there is nothing to do.</summary>
    [Param("content")]
    public string Content { get; set; } = "";

    /// <summary>Remove white space (such as the trailing newline of a value read from a file) around the content first.</summary>
    [Param("trim")]
    public bool Trim { get; set; }

    public override void Validate()
    {
        if (!File.StartsWith('/') && !File.StartsWith('~'))
        {
            throw new ResourceValidationException($"file '{File}' must be an absolute path (or start with ~/ or ~user/)");
        }
        if (File.EndsWith('/')) throw new ResourceValidationException($"file '{File}' ends with a slash, but a line goes into a file, not a directory");
        if (File.StartsWith('~') && !File.Contains('/', StringComparison.Ordinal))
        {
            throw new ResourceValidationException($"file '{File}' names a home directory, not a file in it");
        }
        if (State is not ("exists" or "absent")) throw new ResourceValidationException($"state must be 'exists' or 'absent', not '{State}'");
    }

    /// <summary>The content as it is matched and written.</summary>
    internal string EffectiveContent => Trim ? Content.Trim() : Content;

    /// <summary>The file's absolute path, with a leading <c>~</c> expanded. Throws for an unknown user.</summary>
    internal string FullPath()
    {
        if (!File.StartsWith('~')) return PathText.Clean(File);
        var slash = File.IndexOf('/');
        var user = File[1..slash];
        string home;
        if (user.Length == 0)
        {
            home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h
                : Accounts.FindUser(Posix.EffectiveUid)?.Home ?? throw new IOException($"cannot expand '{File}': this process's user has no home directory");
        }
        else
        {
            home = Accounts.FindUser(user)?.Home ?? throw new IOException($"cannot expand '{File}': there is no user named '{user}'");
        }
        return PathText.Clean(home + File[slash..]);
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("line", File)];

    // A line goes into a file that a file resource may create, in a directory one may create.
    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        if (!File.StartsWith('/')) return [];
        var path = PathText.Clean(File);
        return [new AutoEdgeSeek([new ResourceUid("file", path)], StopWhenFound: false), new AutoEdgeSeek([new ResourceUid("file", PathText.Dirname(path))])];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
