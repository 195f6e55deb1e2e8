namespace Mgmt.Resources.Tests.ExecResources;

/// <summary>An exec runs again on a refresh; a refreshonly exec runs only then (Puppet's refreshonly).</summary>
public sealed class ExecRefreshTests : ExecTestBase
{
    [Fact]
    public async Task A_refreshonly_command_waits_for_a_refresh_and_its_guards_still_apply()
    {
        await using var h = await Start(Counting(configure: r => r.RefreshOnly = true));
        Assert.True(await h.CheckApplyAsync());
        Assert.True(await h.CheckApplyAsync(apply: false));
        Assert.Equal(0, Runs());

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal(0, Runs());
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(1, Runs());

        h.Resource.Creates = Dir["runs"];
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal(1, Runs());
    }

    [Fact]
    public async Task A_plain_command_runs_on_every_check_that_reaches_it_refresh_or_not()
    {
        await using var h = await Start(Counting());
        Assert.False(await h.CheckApplyAsync());
        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(2, Runs());
    }
}
