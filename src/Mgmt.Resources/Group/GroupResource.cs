using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Users;

namespace Mgmt.Resources;

/// <summary>
/// <c>group</c>: a local group, created, renumbered and deleted with <c>groupadd</c>, <c>groupmod</c> and
/// <c>groupdel</c>. The state comes from <c>/etc/group</c>, which the watch follows (with <c>/etc/gshadow</c>).
/// Users naming the group come after it. See docs/resources/group.md.
/// </summary>
[ResourceKind("group")]
public sealed class GroupResource : Resource, IEdgeable
{
    /// <summary><c>exists</c> or <c>absent</c>.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>The group id; another group may not hold it. Unset lets groupadd choose and leaves it alone.</summary>
    [Param("gid")]
    public uint? Gid { get; set; }

    /// <summary>Where the group file is; tests may point it elsewhere.</summary>
    internal string GroupPath { get; set; } = AccountFiles.GroupPath;

    public override void Validate()
    {
        AccountName.Check("group", Name);
        if (State is not ("exists" or "absent")) throw new ResourceValidationException($"state must be 'exists' or 'absent', not '{State}'");
    }

    public override Task WatchAsync(CancellationToken cancel) =>
        new SystemWatch().File(GroupPath).File(AccountFiles.GroupShadowPath).RunAsync(Context, "the group database", cancel);

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var groups = AccountFiles.ReadGroups(GroupPath);
        var current = groups.FirstOrDefault(g => g.Name == Name);
        if (State == "absent")
        {
            if (current is null) return true;
            Context.Changes.Set("state", "exists", "absent");
            if (!apply) return false;
            await AccountTools.RunAsync("groupdel", [Name], cancel).ConfigureAwait(false);
            UserLog.GroupDeleted(Context.Logger, Name);
            return false;
        }

        if (Gid is { } gid && groups.FirstOrDefault(g => g.Gid == gid && g.Name != Name) is { } holder)
        {
            throw new IOException($"gid {gid} already belongs to group '{holder.Name}'; choose another gid");
        }
        if (current is not null && (Gid is null || current.Gid == Gid)) return true;
        if (current is null) Context.Changes.Set("state", null, "exists");
        else Context.Changes.Set("gid", current.Gid.ToString(CultureInfo.InvariantCulture), Gid?.ToString(CultureInfo.InvariantCulture));
        if (!apply) return false;

        var args = new List<string>();
        if (Gid is { } wanted) args.AddRange(["--gid", wanted.ToString(CultureInfo.InvariantCulture)]);
        args.Add(Name);
        if (current is null)
        {
            await AccountTools.RunAsync("groupadd", args, cancel).ConfigureAwait(false);
            UserLog.GroupCreated(Context.Logger, Name);
        }
        else
        {
            await AccountTools.RunAsync("groupmod", args, cancel).ConfigureAwait(false);
            UserLog.GroupChanged(Context.Logger, Name, current.Gid, Gid!.Value);
        }
        return false;
    }

    public IEnumerable<ResourceUid> Uids()
    {
        yield return new ResourceUid("group", Name);
        if (Gid is { } gid) yield return new ResourceUid("group", gid.ToString(CultureInfo.InvariantCulture));
    }

    public IEnumerable<AutoEdgeSeek> AutoEdges() => [];
}
