using Mgmt.Platform.Users;

namespace Mgmt.Platform.Tests;

public sealed class AccountsTests
{
    [Fact]
    public void RootIsFoundByNameAndById()
    {
        var byName = Accounts.FindUser("root");
        Assert.NotNull(byName);
        Assert.Equal(0u, byName.Uid);
        Assert.Equal("/root", byName.Home);
        Assert.Equal("root", Accounts.FindUser(0)?.Name);
        Assert.Equal(0u, Accounts.FindGroup("root")?.Gid);
        Assert.Equal("root", Accounts.FindGroup(0)?.Name);
    }

    [Fact]
    public void NamesAndNumbersResolveToIds()
    {
        Assert.Equal(0u, Accounts.ResolveUserId("root"));
        Assert.Equal(1234u, Accounts.ResolveUserId("1234"));
        Assert.Equal(0u, Accounts.ResolveGroupId("root"));
        Assert.Equal(Accounts.FindUser("nobody")!.Uid, Accounts.ResolveUserId("nobody"));
    }

    [Fact]
    public void UnknownNamesGiveAClearError()
    {
        Assert.Null(Accounts.FindUser("no-such-user-mgmt-test"));
        Assert.Null(Accounts.FindGroup("no-such-group-mgmt-test"));
        var e = Assert.Throws<UnknownAccountException>(() => Accounts.ResolveUserId("no-such-user-mgmt-test"));
        Assert.Contains("no user named 'no-such-user-mgmt-test'", e.Message);
        Assert.Contains("numeric id", e.Message);
    }

    [Fact]
    public void GroupMembersAreListed()
    {
        // Every Debian system has these; the member list may be empty but must be readable.
        var group = Accounts.FindGroup("nogroup") ?? Accounts.FindGroup("root");
        Assert.NotNull(group);
        Assert.NotNull(group.Members);
    }
}
