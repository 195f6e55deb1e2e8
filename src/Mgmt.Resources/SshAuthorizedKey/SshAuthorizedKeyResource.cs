using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Users;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>ssh:authorized_key</c>: one entry of an OpenSSH <c>authorized_keys</c> file, present or absent. The entry is
/// the resource's name, or <see cref="Content"/>, or is built from <see cref="Type"/>, <see cref="Key"/>,
/// <see cref="Comment"/> and <see cref="Options"/>; whichever way, it is parsed, its key checked, and it is written in
/// its normal form. The rest of the file is left alone (the entry is managed as a <c>line</c> is).
/// </summary>
/// <remarks>
/// The file is <c>~user/.ssh/authorized_keys</c> of <see cref="User"/>, this process's own one without a user, or
/// <see cref="File"/>. With <see cref="Mkdir"/> (the default) a missing <c>.ssh</c> directory is made (mode 0700)
/// when its parent exists; what this resource creates belongs to <see cref="User"/>. See
/// docs/resources/ssh-authorized-key.md.
/// </remarks>
[ResourceKind("ssh:authorized_key")]
public sealed class SshAuthorizedKeyResource : Resource, IEdgeable
{
    private LineResource? _line;

    /// <summary><c>exists</c> or <c>absent</c>.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>The file to edit (absolute, or <c>~/...</c>, <c>~user/...</c>); it takes precedence over <see cref="User"/>'s file.</summary>
    [Param("file")]
    public string File { get; set; } = "";

    /// <summary>The user whose <c>~/.ssh/authorized_keys</c> is edited, and who owns the directory and file this resource creates.</summary>
    [Param("user")]
    public string User { get; set; } = "";

    /// <summary>The whole entry; not together with <see cref="Options"/>, <see cref="Type"/>, <see cref="Key"/> or <see cref="Comment"/>.</summary>
    [Param("content")]
    public string Content { get; set; } = "";

    /// <summary>The entry's options, such as <c>no-pty</c> or <c>command="..."</c>.</summary>
    [Param("options")]
    public List<string> Options { get; set; } = [];

    /// <summary>The key type, such as <c>ssh-ed25519</c>; it must match the key.</summary>
    [Param("type")]
    public string Type { get; set; } = "";

    /// <summary>The key, base64 encoded.</summary>
    [Param("key")]
    public string Key { get; set; } = "";

    /// <summary>The comment at the end of the entry (often <c>user@host</c>).</summary>
    [Param("comment")]
    public string Comment { get; set; } = "";

    /// <summary>Make a missing <c>.ssh</c> directory (only that one, not its parents). On by default.</summary>
    [Param("mkdir")]
    public bool Mkdir { get; set; } = true;

    /// <summary>The file as written, before <c>~</c> is expanded.</summary>
    public string EffectiveFile => File.Length > 0 ? File : User.Length > 0 ? $"~{User}/.ssh/authorized_keys" : "~/.ssh/authorized_keys";

    public override void Validate()
    {
        if (State is not ("exists" or "absent")) throw new ResourceValidationException($"state must be 'exists' or 'absent', not '{State}'");
        if (User.Length > 0) AccountName.Check("user", User);
        if (Content.Length > 0 && (Options.Count > 0 || Type.Length > 0 || Key.Length > 0 || Comment.Length > 0))
        {
            throw new ResourceValidationException("content is the whole entry, so it cannot be combined with options, type, key or comment: use one way or the other");
        }
        if ((Type.Length > 0) != (Key.Length > 0)) throw new ResourceValidationException("type and key go together: give both, or neither (and the whole entry in content or the name)");
        MakeLine().Validate();
    }

    /// <summary>The entry in its normal form.</summary>
    internal string Entry()
    {
        if (Content.Length > 0) return AuthorizedKeyLine.Parse(Content).ToString();
        if (Type.Length > 0)
        {
            var options = Options.Count > 0 ? string.Join(',', Options) + " " : "";
            var line = $"{options}{Type} {Key}" + (Comment.Length > 0 ? " " + Comment : "");
            return AuthorizedKeyLine.Parse(line).ToString();
        }
        return AuthorizedKeyLine.Parse(Name).ToString();
    }

    private LineResource MakeLine() => new() { Name = Name, File = EffectiveFile, State = State, Content = Entry() };

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _line = MakeLine();
        await _line.InitAsync(context).ConfigureAwait(false);
    }

    private LineResource Line => _line ?? throw new InvalidOperationException($"{this} used before Init");

    public override Task WatchAsync(CancellationToken cancel) => Line.WatchAsync(cancel);

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var path = Line.FullPath();
        var right = MakeDirectory(path, apply);
        var existed = Posix.TryStat(path) is not null;
        if (!await Line.CheckApplyAsync(apply, cancel).ConfigureAwait(false))
        {
            right = false;
            // Only a file this resource created is given to the user: one that existed is some file resource's business.
            if (apply && !existed) ChownToUser(path);
        }
        return right;
    }

    /// <summary>Makes a missing <c>.ssh</c> directory (state exists, mkdir on); true when nothing had to be done.</summary>
    private bool MakeDirectory(string path, bool apply)
    {
        if (!Mkdir || State != "exists") return true;
        var directory = PathText.Dirname(path);
        if (PathText.Basename(directory.TrimEnd('/')) != ".ssh" || Posix.TryStat(directory) is not null) return true;
        if (!apply) return false;
        if (Posix.TryStat(PathText.Dirname(directory.TrimEnd('/'))) is not { IsDirectory: true })
        {
            throw new IOException($"cannot make {directory}: its parent directory does not exist (mkdir makes only the .ssh directory itself)");
        }
        Posix.Mkdir(directory.TrimEnd('/'), 0x1C0);
        SshKeyLog.MadeDirectory(Context.Logger, directory);
        ChownToUser(directory.TrimEnd('/'));
        return false;
    }

    private void ChownToUser(string path)
    {
        if (User.Length == 0) return;
        var account = Accounts.FindUser(User) ?? throw new IOException($"cannot give {path} to user '{User}': there is no such user");
        Posix.Chown(path, account.Uid, account.Gid);
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("ssh:authorized_key", Name)];

    // After the user whose file it is, and after file resources managing that file or the nearest directory above it.
    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var seeks = new List<AutoEdgeSeek>();
        if (User.Length > 0) seeks.Add(new AutoEdgeSeek([new ResourceUid("user", User)], StopWhenFound: false));
        if (EffectiveFile.StartsWith('/'))
        {
            var path = PathText.Clean(EffectiveFile);
            seeks.Add(new AutoEdgeSeek([new ResourceUid("file", path)], StopWhenFound: false));
            // Last, because the first match ends the search: the nearest managed directory above the file.
            foreach (var ancestor in PathText.Ancestors(path)) seeks.Add(new AutoEdgeSeek([new ResourceUid("file", ancestor)]));
        }
        return seeks;
    }
}

internal static partial class SshKeyLog
{
    [LoggerMessage(EventId = 6951, Level = LogLevel.Information, Message = "made the directory {Directory}")]
    public static partial void MadeDirectory(ILogger logger, string directory);
}
