using Mgmt.Platform.Files;
using Mgmt.Platform.Users;

namespace Mgmt.Resources.Tests.User;

/// <summary>
/// Fresh user and group names for one test, and a free id range; disposing deletes whatever accounts with those
/// names exist, so no test leaves an account behind.
/// </summary>
public sealed class TestAccounts : IDisposable
{
    private readonly List<string> _users = [];
    private readonly List<string> _groups = [];

    public static string? WhyNot() =>
        Posix.EffectiveUid != 0 ? "managing accounts needs root"
        : !File.Exists("/usr/sbin/useradd") ? "the shadow tools (useradd...) are not installed"
        : null;

    public string User()
    {
        var name = "mgmtu" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]);
        _users.Add(name);
        return name;
    }

    public string Group()
    {
        var name = "mgmtg" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]);
        _groups.Add(name);
        return name;
    }

    /// <summary>An id that no user and no group has (from a range the tests keep for themselves).</summary>
    public static uint FreeId(uint after = 0)
    {
        var taken = AccountFiles.ReadUsers().Select(u => u.Uid).Concat(AccountFiles.ReadGroups().Select(g => g.Gid)).ToHashSet();
        for (var id = Math.Max(after + 1, 47000u + (uint)Random.Shared.Next(0, 1000)); ; id++)
        {
            if (!taken.Contains(id)) return id;
        }
    }

    public static PasswdEntry? FindUser(string name) => AccountFiles.ReadUsers().FirstOrDefault(u => u.Name == name);

    public static GroupEntry? FindGroup(string name) => AccountFiles.ReadGroups().FirstOrDefault(g => g.Name == name);

    public void Dispose()
    {
        foreach (var user in _users.Where(u => FindUser(u) is not null)) Run("userdel", user);
        // useradd may have made a group named after each user.
        foreach (var group in _groups.Concat(_users).Where(g => FindGroup(g) is not null)) Run("groupdel", group);
    }

    private static void Run(string tool, string name) =>
        AccountTools.RunAsync(tool, [name], CancellationToken.None).GetAwaiter().GetResult();
}
