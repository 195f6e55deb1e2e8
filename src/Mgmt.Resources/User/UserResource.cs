using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Users;

namespace Mgmt.Resources;

/// <summary>
/// <c>user</c>: a local user account, created, changed and deleted with <c>useradd</c>, <c>usermod</c> and
/// <c>userdel</c>. Only the parameters that are set are managed; the rest is left as the tools chose it.
/// </summary>
/// <remarks>
/// The state comes from <c>/etc/passwd</c> and <c>/etc/group</c> (the files the tools edit, so accounts from LDAP
/// and the like are not seen); the watch follows those files and <c>/etc/shadow</c>. A user comes after the
/// groups it names, and is deleted before them. See docs/resources/user.md.
/// </remarks>
[ResourceKind("user")]
public sealed partial class UserResource : Resource, IEdgeable
{
    /// <summary><c>exists</c> or <c>absent</c>.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>The user id; unique unless <see cref="AllowDuplicateUid"/>.</summary>
    [Param("uid")]
    public uint? Uid { get; set; }

    /// <summary>The primary group by id (or use <see cref="Group"/>, not both).</summary>
    [Param("gid")]
    public uint? Gid { get; set; }

    /// <summary>The primary group by name.</summary>
    [Param("group")]
    public string? Group { get; set; }

    /// <summary>The complete list of supplementary groups; unset leaves the memberships alone.</summary>
    [Param("groups")]
    public IReadOnlyList<string>? Groups { get; set; }

    /// <summary>The home directory (an absolute path); it is recorded, not created or moved.</summary>
    [Param("homedir")]
    public string? HomeDir { get; set; }

    /// <summary>The login shell (an absolute path).</summary>
    [Param("shell")]
    public string? Shell { get; set; }

    /// <summary>Let <see cref="Uid"/> be shared with another user.</summary>
    [Param("allowduplicateuid")]
    public bool AllowDuplicateUid { get; set; }

    /// <summary>Where the account files are; tests may point them elsewhere.</summary>
    internal string PasswdPath { get; set; } = AccountFiles.PasswdPath;

    internal string GroupPath { get; set; } = AccountFiles.GroupPath;

    public override void Validate()
    {
        AccountName.Check("user", Name);
        if (State is not ("exists" or "absent")) throw new ResourceValidationException($"state must be 'exists' or 'absent', not '{State}'");
        if (Gid is not null && Group is not null) throw new ResourceValidationException("gid and group both name the primary group: set only one");
        if (Group is not null) AccountName.Check("group", Group);
        foreach (var g in Groups ?? []) AccountName.Check("group", g);
        if (HomeDir is not null && !HomeDir.StartsWith('/')) throw new ResourceValidationException($"homedir '{HomeDir}' must be an absolute path");
        if (Shell is not null && !Shell.StartsWith('/')) throw new ResourceValidationException($"shell '{Shell}' must be an absolute path");
    }

    public override Task WatchAsync(CancellationToken cancel) =>
        new SystemWatch().File(PasswdPath).File(GroupPath).File(AccountFiles.ShadowPath).RunAsync(Context, "the user database", cancel);

    public IEnumerable<ResourceUid> Uids()
    {
        yield return new ResourceUid("user", Name);
        if (Uid is { } uid) yield return new ResourceUid("user", uid.ToString(CultureInfo.InvariantCulture));
    }

    // A user is added to existing groups, so it comes after them; deleted, it goes before its groups do.
    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var reversed = State == "absent";
        var groups = new List<string>();
        if (Group is not null) groups.Add(Group);
        if (Gid is { } gid) groups.Add(gid.ToString(CultureInfo.InvariantCulture));
        groups.AddRange(Groups ?? []);
        return groups.Distinct(StringComparer.Ordinal)
            .Select(g => new AutoEdgeSeek([new ResourceUid("group", g)], Reversed: reversed, StopWhenFound: false));
    }
}
