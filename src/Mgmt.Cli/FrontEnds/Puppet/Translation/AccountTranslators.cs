using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>Puppet's <c>user</c> (useradd provider) onto the native <c>user</c> kind.</summary>
internal sealed class UserTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["User"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var state = Ensure(a);
        var user = new UserResource { Name = a.Text("name") ?? a.Resource.Title, State = state ?? "" };
        if (a.Number("uid") is { } uid) user.Uid = (uint)uid;
        if (a.Text("gid") is { } gid)
        {
            if (uint.TryParse(gid, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) user.Gid = number;
            else user.Group = gid;
        }
        var groups = a.List("groups");
        var membership = a.Text("membership") ?? "minimum";
        if (groups is not null)
        {
            // Puppet's default keeps groups the user already has; the native kind sets the complete list.
            if (membership == "inclusive") user.Groups = groups;
            else a.NotNative("groups", "groups with membership => minimum (the default) is not native; membership => inclusive is");
        }
        user.HomeDir = a.Text("home");
        user.Shell = a.Text("shell");
        user.AllowDuplicateUid = a.Bool("allowdupe") ?? false;
        if (a.Bool("managehome") == true) a.NotNative("managehome", "creating the home directory is not native");
        if (a.Bool("purge_ssh_keys") == true) a.NotNative("purge_ssh_keys", "no native equivalent");
        foreach (var name in new[] { "comment", "password", "salt", "iterations", "system", "expiry", "password_min_age", "password_max_age", "password_warn_days", "purge_ssh_keys", "forcelocal", "roles", "keys", "attributes", "auths", "profiles", "project", "loginclass", "ia_load_module", "role_membership", "auth_membership", "profile_membership", "key_membership", "attribute_membership" })
        {
            if (a.Has(name)) a.NotNative(name, "no native equivalent");
        }
        if ((a.Text("provider") ?? "useradd") != "useradd") a.NotNative("provider", "only the useradd provider is native");
        return state is null || a.Unsupported.Count > 0 ? null : user;
    }

    internal static string? Ensure(PuppetAttributes a)
    {
        var ensure = a.Text("ensure");
        switch (ensure)
        {
            case "present": return "exists";
            case "absent": return "absent";
            default:
                a.NotNative("ensure", ensure is null ? "an account without ensure (only its attributes managed) is not native" : $"ensure => {ensure} is not native");
                return null;
        }
    }
}

/// <summary>Puppet's <c>group</c> (groupadd provider) onto the native <c>group</c> kind.</summary>
internal sealed class GroupTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["Group"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var state = UserTranslator.Ensure(a);
        var group = new GroupResource { Name = a.Text("name") ?? a.Resource.Title, State = state ?? "" };
        if (a.Number("gid") is { } gid) group.Gid = (uint)gid;
        foreach (var name in new[] { "members", "system", "allowdupe", "forcelocal", "auth_membership", "attributes", "attribute_membership", "ia_load_module" })
        {
            if (a.Has(name)) a.NotNative(name, "no native equivalent");
        }
        if ((a.Text("provider") ?? "groupadd") != "groupadd") a.NotNative("provider", "only the groupadd provider is native");
        return state is null || a.Unsupported.Count > 0 ? null : group;
    }
}
