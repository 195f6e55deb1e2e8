using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.User;

/// <summary>Real accounts made with the real shadow tools in the machine's real account files.</summary>
[Collection("accounts")]
public sealed class AccountTests : IDisposable
{
    private readonly TestAccounts _accounts = new();

    public void Dispose() => _accounts.Dispose();

    private static void Require()
    {
        if (TestAccounts.WhyNot() is { } why) Assert.Skip(why);
    }

    [Fact]
    public async Task Creates_renumbers_and_deletes_a_group()
    {
        Require();
        var name = _accounts.Group();
        var gid = TestAccounts.FreeId();
        var group = new GroupResource { Name = name, State = "exists", Gid = gid };
        await using (var h = await ResourceHarness<GroupResource>.StartAsync(group, watch: false))
        {
            Assert.False(await h.CheckApplyAsync(apply: false));
            Assert.Null(TestAccounts.FindGroup(name));
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal(gid, TestAccounts.FindGroup(name)!.Gid);
            Assert.True(await h.CheckApplyAsync());

            var other = TestAccounts.FreeId(gid);
            group.Gid = other;
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal(other, TestAccounts.FindGroup(name)!.Gid);
        }
        await using (var h = await ResourceHarness<GroupResource>.StartAsync(new GroupResource { Name = name, State = "absent" }, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Null(TestAccounts.FindGroup(name));
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task Creates_a_user_in_its_groups_changes_it_and_deletes_it()
    {
        Require();
        var primary = _accounts.Group();
        var extra1 = _accounts.Group();
        var extra2 = _accounts.Group();
        foreach (var g in new[] { primary, extra1, extra2 })
        {
            await using var gh = await ResourceHarness<GroupResource>.StartAsync(new GroupResource { Name = g, State = "exists" }, watch: false);
            await gh.ConvergeAsync();
        }

        var name = _accounts.User();
        var uid = TestAccounts.FreeId();
        var user = new UserResource
        {
            Name = name, State = "exists", Uid = uid, Group = primary, Groups = [extra1, extra2],
            HomeDir = $"/nonexistent/{name}", Shell = "/bin/sh",
        };
        await using (var h = await ResourceHarness<UserResource>.StartAsync(user, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            var entry = TestAccounts.FindUser(name)!;
            Assert.Equal((uid, TestAccounts.FindGroup(primary)!.Gid, $"/nonexistent/{name}", "/bin/sh"), (entry.Uid, entry.Gid, entry.Home, entry.Shell));
            Assert.Contains(name, TestAccounts.FindGroup(extra1)!.Members);
            Assert.Contains(name, TestAccounts.FindGroup(extra2)!.Members);
            Assert.True(await h.CheckApplyAsync());

            user.Shell = "/usr/sbin/nologin";
            user.Groups = [extra2];
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal("/usr/sbin/nologin", TestAccounts.FindUser(name)!.Shell);
            Assert.DoesNotContain(name, TestAccounts.FindGroup(extra1)!.Members);
            Assert.Contains(name, TestAccounts.FindGroup(extra2)!.Members);
            Assert.True(await h.CheckApplyAsync());
            Assert.Contains(h.Context.Log.Lines, l => l.Contains($"changed user {name}: shell /bin/sh -> /usr/sbin/nologin", StringComparison.Ordinal));
        }
        await using (var h = await ResourceHarness<UserResource>.StartAsync(new UserResource { Name = name, State = "absent" }, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Null(TestAccounts.FindUser(name));
            Assert.NotNull(TestAccounts.FindGroup(primary));
        }
    }

    [Fact]
    public async Task A_user_that_cannot_be_created_is_a_clear_error_and_leaves_no_account()
    {
        Require();
        var name = _accounts.User();
        var missingGroup = new UserResource { Name = name, State = "exists", Group = "mgmt-no-such-group" };
        await using (var h = await ResourceHarness<UserResource>.StartAsync(missingGroup, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("the primary group 'mgmt-no-such-group' does not exist", e.Message, StringComparison.Ordinal);
        }

        var takenUid = new UserResource { Name = name, State = "exists", Uid = 0 };
        await using (var h = await ResourceHarness<UserResource>.StartAsync(takenUid, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("uid 0 already belongs to user 'root'", e.Message, StringComparison.Ordinal);
        }

        // A name useradd itself refuses (it exists as a group already, and the tool would make a group of that name).
        var clash = _accounts.Group();
        await using (var gh = await ResourceHarness<GroupResource>.StartAsync(new GroupResource { Name = clash, State = "exists" }, watch: false))
        {
            await gh.ConvergeAsync();
        }
        await using (var h = await ResourceHarness<UserResource>.StartAsync(new UserResource { Name = clash, State = "exists" }, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("useradd failed", e.Message, StringComparison.Ordinal);
            Assert.Null(TestAccounts.FindUser(clash));
        }
        Assert.Null(TestAccounts.FindUser(name));
        Assert.Null(TestAccounts.FindGroup(name));
    }

    [Fact]
    public async Task The_watches_see_accounts_change()
    {
        Require();
        var name = _accounts.User();
        await using var user = await ResourceHarness<UserResource>.StartAsync(new UserResource { Name = name, State = "exists" });
        var groupName = _accounts.Group();
        await using var group = await ResourceHarness<GroupResource>.StartAsync(new GroupResource { Name = groupName, State = "exists" });

        await Platform.Users.AccountTools.RunAsync("useradd", [name], TestContext.Current.CancellationToken);
        Assert.True(await user.Context.WaitForEventAsync(), "no event after useradd");
        Assert.True(await user.CheckApplyAsync());

        await Platform.Users.AccountTools.RunAsync("groupadd", [groupName], TestContext.Current.CancellationToken);
        Assert.True(await group.Context.WaitForEventAsync(), "no event after groupadd");
        Assert.True(await group.CheckApplyAsync());
    }
}
