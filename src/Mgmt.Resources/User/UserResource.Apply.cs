using System.Globalization;
using Mgmt.Platform.Users;

namespace Mgmt.Resources;

// CheckApply: compare the managed fields with the account files, then run one useradd, usermod or userdel.
public sealed partial class UserResource
{
    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var users = AccountFiles.ReadUsers(PasswdPath);
        var groups = AccountFiles.ReadGroups(GroupPath);
        var current = users.FirstOrDefault(u => u.Name == Name);

        if (State == "absent")
        {
            if (current is null) return true;
            Context.Changes.Set("state", "exists", "absent");
            if (!apply) return false;
            await AccountTools.RunAsync("userdel", [Name], cancel).ConfigureAwait(false);
            UserLog.Deleted(Context.Logger, Name);
            return false;
        }

        if (Uid is { } uid && !AllowDuplicateUid && users.FirstOrDefault(u => u.Uid == uid && u.Name != Name) is { } holder)
        {
            throw new IOException($"uid {uid} already belongs to user '{holder.Name}'; choose another uid, or set allowduplicateuid => true");
        }
        var primaryGid = Gid ?? (Group is null ? null : groups.FirstOrDefault(g => g.Name == Group)?.Gid
            ?? throw new IOException($"the primary group '{Group}' does not exist; declare it with a group resource (it is then created first)"));
        var missing = (Groups ?? []).Where(g => groups.All(e => e.Name != g)).ToList();
        if (missing.Count > 0)
        {
            throw new IOException($"the group(s) {string.Join(", ", missing)} do not exist; declare them with group resources (they are then created first)");
        }

        var differences = current is null ? ["missing"] : Differences(current, primaryGid, groups);
        if (differences.Count == 0) return true;
        if (current is null) Context.Changes.Set("state", null, "exists");
        else foreach (var d in differences) Context.Changes.Action(d);
        if (!apply) return false;

        var args = new List<string>();
        // Short options: useradd and usermod spell some long ones differently (--home-dir, --home).
        if (AllowDuplicateUid && Uid is not null) args.Add("-o");
        if (Uid is { } u) args.AddRange(["-u", u.ToString(CultureInfo.InvariantCulture)]);
        if (Gid is { } g) args.AddRange(["-g", g.ToString(CultureInfo.InvariantCulture)]);
        if (Group is not null) args.AddRange(["-g", Group]);
        if (Groups is not null) args.AddRange(["-G", string.Join(',', Groups)]);
        if (HomeDir is not null) args.AddRange(["-d", HomeDir]);
        if (Shell is not null) args.AddRange(["-s", Shell]);
        args.Add(Name);

        if (current is null)
        {
            await CreateAsync(args, users, groups, cancel).ConfigureAwait(false);
            UserLog.Created(Context.Logger, Name);
        }
        else
        {
            await AccountTools.RunAsync("usermod", args, cancel).ConfigureAwait(false);
            UserLog.Changed(Context.Logger, Name, string.Join(", ", differences));
        }
        return false;
    }

    private List<string> Differences(PasswdEntry current, uint? primaryGid, List<GroupEntry> groups)
    {
        var differences = new List<string>();
        if (Uid is { } uid && current.Uid != uid) differences.Add($"uid {current.Uid} -> {uid}");
        if (primaryGid is { } gid && current.Gid != gid) differences.Add($"gid {current.Gid} -> {gid}");
        if (HomeDir is not null && current.Home != HomeDir) differences.Add($"homedir {current.Home} -> {HomeDir}");
        if (Shell is not null && current.Shell != Shell) differences.Add($"shell {current.Shell} -> {Shell}");
        if (Groups is not null)
        {
            var member = groups.Where(g => g.Members.Contains(Name)).Select(g => g.Name).Order(StringComparer.Ordinal).ToList();
            var wanted = Groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (!member.SequenceEqual(wanted)) differences.Add($"groups [{string.Join(",", member)}] -> [{string.Join(",", wanted)}]");
        }
        return differences;
    }

    // useradd checks its arguments before it writes anything; should it still fail half-way, what it left behind
    // (the user, and the group it creates for the user) is removed, so a failed creation leaves no account.
    private async Task CreateAsync(List<string> args, List<PasswdEntry> usersBefore, List<GroupEntry> groupsBefore, CancellationToken cancel)
    {
        try
        {
            await AccountTools.RunAsync("useradd", args, cancel).ConfigureAwait(false);
        }
        catch (Exception) when (usersBefore.All(u => u.Name != Name))
        {
            if (AccountFiles.ReadUsers(PasswdPath).Any(u => u.Name == Name))
            {
                await AccountTools.RunAsync("userdel", [Name], CancellationToken.None).ConfigureAwait(false);
            }
            if (groupsBefore.All(g => g.Name != Name) && AccountFiles.ReadGroups(GroupPath).Any(g => g.Name == Name))
            {
                await AccountTools.RunAsync("groupdel", [Name], CancellationToken.None).ConfigureAwait(false);
            }
            throw;
        }
    }
}
