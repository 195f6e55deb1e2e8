using System.Globalization;
using System.Runtime.InteropServices;
using Mgmt.Platform.Native;

namespace Mgmt.Platform.Users;

/// <summary>A user account as the system's user database (NSS: /etc/passwd, LDAP, ...) knows it.</summary>
public sealed record UserAccount(string Name, uint Uid, uint Gid, string Home, string Shell);

/// <summary>A group as the system's group database knows it.</summary>
public sealed record GroupAccount(string Name, uint Gid, IReadOnlyList<string> Members);

/// <summary>
/// Looks users and groups up by name or id through the C library (getpwnam_r and friends), so every account
/// source configured on the host is honoured. Stateless and thread-safe.
/// </summary>
public static unsafe class Accounts
{
    /// <summary>The user with this name, or null when there is none.</summary>
    public static UserAccount? FindUser(string name) =>
        LookupUser((entry, buffer, size, result) => LibC.getpwnam_r(name, entry, buffer, size, result));

    /// <summary>The user with this id, or null when there is none.</summary>
    public static UserAccount? FindUser(uint uid) =>
        LookupUser((entry, buffer, size, result) => LibC.getpwuid_r(uid, entry, buffer, size, result));

    /// <summary>The group with this name, or null when there is none.</summary>
    public static GroupAccount? FindGroup(string name) =>
        LookupGroup((entry, buffer, size, result) => LibC.getgrnam_r(name, entry, buffer, size, result));

    /// <summary>The group with this id, or null when there is none.</summary>
    public static GroupAccount? FindGroup(uint gid) =>
        LookupGroup((entry, buffer, size, result) => LibC.getgrgid_r(gid, entry, buffer, size, result));

    /// <summary>
    /// The uid for a user name or a numeric id (<c>"root"</c>, <c>"0"</c>). A number is taken as is, like chown
    /// does, even when no account has it. Throws <see cref="UnknownAccountException"/> for an unknown name.
    /// </summary>
    public static uint ResolveUserId(string nameOrId)
    {
        if (TryParseId(nameOrId, out var id)) return id;
        return FindUser(nameOrId)?.Uid ?? throw new UnknownAccountException("user", nameOrId);
    }

    /// <summary>The gid for a group name or a numeric id; see <see cref="ResolveUserId"/>.</summary>
    public static uint ResolveGroupId(string nameOrId)
    {
        if (TryParseId(nameOrId, out var id)) return id;
        return FindGroup(nameOrId)?.Gid ?? throw new UnknownAccountException("group", nameOrId);
    }

    /// <summary>True when the text is a plain decimal id (what the resources accept in place of a name).</summary>
    public static bool TryParseId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private delegate int UserCall(LibC.Passwd* entry, byte* buffer, nuint size, LibC.Passwd** result);

    private delegate int GroupCall(LibC.Group* entry, byte* buffer, nuint size, LibC.Group** result);

    private const int ERange = 34;

    private static UserAccount? LookupUser(UserCall call)
    {
        for (var size = 1024; ; size *= 4)
        {
            var buffer = new byte[size];
            LibC.Passwd entry;
            LibC.Passwd* result = null;
            fixed (byte* b = buffer)
            {
                var rc = call(&entry, b, (nuint)size, &result);
                if (rc == ERange && size < 1 << 20) continue;
                // Not found is a null result with rc 0 (or ENOENT and friends from some NSS modules).
                if (result == null) return null;
                // The strings live in the buffer, so read them while it is pinned.
                return new UserAccount(Text(entry.Name), entry.Uid, entry.Gid, Text(entry.Home), Text(entry.Shell));
            }
        }
    }

    private static GroupAccount? LookupGroup(GroupCall call)
    {
        for (var size = 1024; ; size *= 4)
        {
            var buffer = new byte[size];
            LibC.Group entry;
            LibC.Group* result = null;
            fixed (byte* b = buffer)
            {
                var rc = call(&entry, b, (nuint)size, &result);
                if (rc == ERange && size < 1 << 20) continue;
                if (result == null) return null;
                // The member strings live in the buffer, so read them while it is pinned.
                var members = new List<string>();
                for (var m = entry.Members; m != null && *m != null; m++) members.Add(Text(*m));
                return new GroupAccount(Text(entry.Name), entry.Gid, members);
            }
        }
    }

    private static string Text(byte* p) => p == null ? "" : Marshal.PtrToStringUTF8((nint)p) ?? "";
}

/// <summary>A user or group name that the host's account database does not know.</summary>
public sealed class UnknownAccountException(string kind, string name)
    : Exception($"there is no {kind} named '{name}' on this host; create it first (for example with a {kind} resource) or give a numeric id")
{
    /// <summary><c>user</c> or <c>group</c>.</summary>
    public string Kind { get; } = kind;

    public string Name { get; } = name;
}
