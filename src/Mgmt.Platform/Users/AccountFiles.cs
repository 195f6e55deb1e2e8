using System.Globalization;

namespace Mgmt.Platform.Users;

/// <summary>One line of <c>/etc/passwd</c>: a local user account.</summary>
public sealed record PasswdEntry(string Name, uint Uid, uint Gid, string Gecos, string Home, string Shell);

/// <summary>One line of <c>/etc/group</c>: a local group and its supplementary members.</summary>
public sealed record GroupEntry(string Name, uint Gid, IReadOnlyList<string> Members);

/// <summary>
/// Reads the local account files that <c>useradd</c>, <c>groupadd</c> and friends edit. Unlike
/// <see cref="Accounts"/> (which asks NSS, so LDAP or sssd users appear too) this sees exactly the accounts those
/// tools manage. Malformed lines are skipped, as the C library skips them.
/// </summary>
public static class AccountFiles
{
    public const string PasswdPath = "/etc/passwd";
    public const string GroupPath = "/etc/group";
    public const string ShadowPath = "/etc/shadow";
    public const string GroupShadowPath = "/etc/gshadow";

    /// <summary>Every well-formed entry of a passwd file; an empty list when the file does not exist.</summary>
    public static List<PasswdEntry> ReadUsers(string path = PasswdPath)
    {
        var users = new List<PasswdEntry>();
        foreach (var fields in Lines(path))
        {
            if (fields.Length < 7 || !TryId(fields[2], out var uid) || !TryId(fields[3], out var gid)) continue;
            users.Add(new PasswdEntry(fields[0], uid, gid, fields[4], fields[5], fields[6]));
        }
        return users;
    }

    /// <summary>Every well-formed entry of a group file; an empty list when the file does not exist.</summary>
    public static List<GroupEntry> ReadGroups(string path = GroupPath)
    {
        var groups = new List<GroupEntry>();
        foreach (var fields in Lines(path))
        {
            if (fields.Length < 4 || !TryId(fields[2], out var gid)) continue;
            groups.Add(new GroupEntry(fields[0], gid, fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries)));
        }
        return groups;
    }

    private static IEnumerable<string[]> Lines(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            yield break;
        }
        foreach (var line in lines)
        {
            // NIS compat lines ("+", "-name") and comments are not accounts.
            if (line.Length == 0 || line[0] is '#' or '+' or '-') continue;
            var fields = line.Split(':');
            if (fields[0].Length > 0) yield return fields;
        }
    }

    private static bool TryId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
