namespace Mgmt.Resources.Tests.SimpleKinds;

public sealed class PrintResourceTests
{
    [Fact]
    public async Task Shows_the_message_once_then_reports_the_state_as_right()
    {
        await using var h = new Harness<PrintResource>(new PrintResource { Name = "p", Msg = "hello" });
        await h.StartAsync();

        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("Msg: hello", h.Context.Log.Texts);
        // Showing the message raises its own watch event, as a repaired resource would.
        Assert.True(await h.Context.WaitEventAsync(TimeSpan.FromSeconds(5)));

        Assert.True(await h.CheckApplyAsync());
        Assert.Single(h.Context.Log.Texts, t => t == "Msg: hello");
    }

    [Fact]
    public async Task Shows_a_changed_message_again()
    {
        await using var h = new Harness<PrintResource>(new PrintResource { Name = "p", Msg = "one" });
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync());
        h.Resource.Msg = "two";
        h.Context.ReceivedValues["msg"] = new(Engine.Values.Value.Str("two"), Changed: true);
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("Msg: two", h.Context.Log.Texts);
    }

    [Fact]
    public async Task Noop_mode_reports_the_change_but_shows_nothing()
    {
        await using var h = new Harness<PrintResource>(new PrintResource { Name = "p", Msg = "quiet" });
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.DoesNotContain("Msg: quiet", h.Context.Log.Texts);
        // Still not shown, so a later real run shows it.
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("Msg: quiet", h.Context.Log.Texts);
    }

    [Fact]
    public async Task Refresh_only_shows_the_message_only_when_notified()
    {
        await using var h = new Harness<PrintResource>(new PrintResource { Name = "p", Msg = "ping", RefreshOnly = true });
        await h.StartAsync();
        Assert.True(await h.CheckApplyAsync());
        Assert.DoesNotContain("Msg: ping", h.Context.Log.Texts);

        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("Msg: ping", h.Context.Log.Texts);
    }

    [Fact]
    public async Task A_group_shows_every_member_when_one_changed()
    {
        var parent = new PrintResource { Name = "a", Msg = "first" };
        var member = new PrintResource { Name = "b", Msg = "second" };
        Assert.True(parent.CanGroupWith(member));
        parent.GroupedMembers.Add(member);
        await using var h = new Harness<PrintResource>(parent);
        await h.StartAsync();

        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("Msg: first", h.Context.Log.Texts);
        Assert.Contains("print[b]: Msg: second", h.Context.Log.Texts);
        Assert.True(await h.CheckApplyAsync());

        member.Msg = "changed";
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("print[b]: Msg: changed", h.Context.Log.Texts);
    }

    [Fact]
    public void Refresh_only_prints_are_never_grouped()
    {
        var plain = new PrintResource { Name = "a" };
        var refreshOnly = new PrintResource { Name = "b", RefreshOnly = true };
        Assert.False(plain.CanGroupWith(refreshOnly));
        Assert.False(refreshOnly.CanGroupWith(plain));
    }

    [Fact]
    public async Task An_empty_message_is_shown_like_any_other_with_a_marker()
    {
        var parent = new PrintResource { Name = "p" };
        parent.GroupedMembers.Add(new PrintResource { Name = "q" });
        await using var h = new Harness<PrintResource>(parent);
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync());
        Assert.Contains("Msg: <empty>", h.Context.Log.Texts);
        Assert.Contains("print[q]: Msg: <empty>", h.Context.Log.Texts);
        Assert.DoesNotContain("<empty>", h.Context.Log.Texts);
    }
}
