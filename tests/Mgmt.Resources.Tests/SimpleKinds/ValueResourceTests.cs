using Mgmt.Engine.Values;

namespace Mgmt.Resources.Tests.SimpleKinds;

public sealed class ValueResourceTests
{
    [Fact]
    public async Task Publishes_its_value_in_the_local_store_and_sends_it()
    {
        await using var h = new Harness<ValueResource>(new ValueResource { Name = "v", Any = Value.Int(7) });
        await h.StartAsync();

        Assert.False(await h.CheckApplyAsync());
        Assert.True(h.Context.Local.TryGet("v", out var stored));
        Assert.Equal(Value.Int(7), stored);
        Assert.Equal(Value.Int(7), Assert.Single(h.Context.Sent)["any"]);

        Assert.True(await h.CheckApplyAsync());
        Assert.Equal(2, h.Context.Sent.Count);
    }

    [Fact]
    public async Task Noop_mode_does_not_touch_the_store()
    {
        await using var h = new Harness<ValueResource>(new ValueResource { Name = "v", Any = Value.Str("x") });
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False(h.Context.Local.TryGet("v", out _));
        Assert.Empty(h.Context.Sent);
    }

    [Fact]
    public async Task A_received_value_replaces_the_declared_one()
    {
        var resource = new ValueResource { Name = "v", Any = Value.Str("declared") };
        await using var h = new Harness<ValueResource>(resource);
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync());

        // The engine sets the parameter and marks it received before CheckApply.
        resource.Any = Value.Str("received");
        h.Context.ReceivedValues["any"] = new(Value.Str("received"), Changed: true);
        Assert.False(await h.CheckApplyAsync());
        Assert.True(h.Context.Local.TryGet("v", out var stored));
        Assert.Equal(Value.Str("received"), stored);
    }

    [Fact]
    public async Task Without_a_value_the_key_is_removed()
    {
        await using var h = new Harness<ValueResource>(new ValueResource { Name = "v" });
        await h.StartAsync();
        h.Context.Local.Set("v", Value.Int(1));
        Assert.False(await h.CheckApplyAsync());
        Assert.False(h.Context.Local.TryGet("v", out _));
        Assert.Empty(h.Context.Sent);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task A_value_changed_in_the_store_by_someone_else_is_put_back()
    {
        await using var h = new Harness<ValueResource>(new ValueResource { Name = "v", Any = Value.Bool(true) });
        await h.StartAsync();
        Assert.False(await h.CheckApplyAsync());
        h.Context.Local.Set("v", Value.Bool(false));
        Assert.False(await h.CheckApplyAsync());
        Assert.True(h.Context.Local.TryGet("v", out var stored));
        Assert.Equal(Value.Bool(true), stored);
    }
}
