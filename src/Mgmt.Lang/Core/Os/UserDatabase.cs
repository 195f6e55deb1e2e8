using Mgmt.Platform.Users;

namespace Mgmt.Lang.Core.OsFunctions;

/// <summary>
/// Users as the host's user database knows them (through the C library, so /etc/passwd, LDAP, sssd... all count).
/// Changes are followed by watching /etc/passwd, where local accounts live.
/// </summary>
internal static class UserDatabase
{
    public const string PasswdPath = "/etc/passwd";

    public static UserAccount? Find(string name) => name.Length == 0 || name.Contains('\0') ? null : Accounts.FindUser(name);
}
