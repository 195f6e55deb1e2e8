namespace Mgmt.Resources.Tests.SimpleKinds;

public sealed class NoopResourceTests
{
    [Fact]
    public async Task Is_always_in_the_right_state_and_logs_a_refresh()
    {
        await using var h = new Harness<NoopResource>(new NoopResource { Name = "n", Comment = "anchor" });
        await h.StartAsync();
        Assert.True(await h.CheckApplyAsync());
        Assert.Empty(h.Context.Log.Lines);

        h.Context.Refresh = true;
        Assert.True(await h.CheckApplyAsync());
        Assert.Contains(h.Context.Log.Texts, t => t.Contains("refresh", StringComparison.Ordinal));
    }

    [Fact]
    public void Groups_with_any_noop_but_nothing_else()
    {
        var a = new NoopResource { Name = "a" };
        Assert.True(a.CanGroupWith(new NoopResource { Name = "b" }));
        Assert.False(a.CanGroupWith(new PrintResource { Name = "p" }));
    }
}
