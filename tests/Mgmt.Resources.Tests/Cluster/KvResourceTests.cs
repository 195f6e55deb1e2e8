using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Resources.Tests.Support;
using Mgmt.Tests.Support;

namespace Mgmt.Resources.Tests.Cluster;

/// <summary>The kv resource against a world; run over the embedded world and over a real etcd (below).</summary>
public abstract class KvResourceTests : IAsyncLifetime
{
    /// <summary>Only catches a watch that never wakes; not a measure of speed (the machine may be loaded).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TwoHosts _hosts = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<TwoHosts> StartHostsAsync();

    public async ValueTask InitializeAsync() => _hosts = await StartHostsAsync();

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    private Task<ResourceHarness<KvResource>> Start(KvResource kv) => ResourceHarness<KvResource>.StartAsync(kv, _hosts.Context());

    [Fact]
    public async Task Sets_a_shared_key_that_every_host_reads()
    {
        await using var h = await Start(new KvResource { Name = "greeting", Value = "hello" });
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Null(await _hosts.Peer.GetStringAsync("greeting", Ct));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("hello", await _hosts.Peer.GetStringAsync("greeting", Ct));
        Assert.True(await h.CheckApplyAsync());
        Assert.True(h.Context.Log.Contains("set greeting to \"hello\""));
    }

    [Fact]
    public async Task The_key_parameter_wins_over_the_name()
    {
        await using var h = await Start(new KvResource { Name = "ignored", Key = "real", Value = "1" });
        await h.ConvergeAsync();
        Assert.Equal("1", await _hosts.Peer.GetStringAsync("real", Ct));
        Assert.Null(await _hosts.Peer.GetStringAsync("ignored", Ct));
    }

    [Fact]
    public async Task An_unset_value_deletes_the_key()
    {
        await _hosts.Peer.SetStringAsync("old", "x", Ct);
        await using var h = await Start(new KvResource { Name = "old" });
        Assert.False(await h.CheckApplyAsync());
        Assert.Null(await _hosts.Peer.GetStringAsync("old", Ct));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task A_value_written_by_someone_else_is_noticed_and_put_back()
    {
        // Step by step, each waiting for its own report: the watch reports each new value once (it merges values only
        // when they come faster than it reads), so the last event can only come from the other host's write.
        await using var h = await Start(new KvResource { Name = "k", Value = "mine" });
        Assert.True(await h.Context.WaitForEventAsync(Patience), "the watch reports the key as it is (unset)");
        await h.ConvergeAsync();
        Assert.True(await h.Context.WaitForEventAsync(Patience), "the watch reports our own write");
        await _hosts.Peer.SetStringAsync("k", "theirs", Ct);
        Assert.True(await h.Context.WaitForEventAsync(Patience), "the watch did not see the other host's write");
        Assert.Equal(3, h.Context.EventCount);
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("mine", await _hosts.Peer.GetStringAsync("k", Ct));
    }

    [Fact]
    public async Task Mapped_keeps_this_hosts_own_entry_next_to_the_others()
    {
        await _hosts.Peer.SetMapValueAsync("pool", "p", Ct);
        await using var h = await Start(new KvResource { Name = "pool", Value = "s", Mapped = true });
        Assert.True(await h.Context.WaitForEventAsync(Patience), "the watch reports the map as it is");
        Assert.False(await h.CheckApplyAsync());
        var map = await _hosts.Peer.GetMapAsync("pool", Ct);
        Assert.Equal("s", map["self"]);
        Assert.Equal("p", map["peer"]);
        Assert.True(await h.CheckApplyAsync());
        Assert.True(await h.Context.WaitForEventAsync(Patience), "the watch reports our own entry");

        // Another host's entry changing wakes the watch (the map is one key), but needs nothing from us.
        await _hosts.Peer.SetMapValueAsync("pool", "p2", Ct);
        Assert.True(await h.Context.WaitForEventAsync(Patience), "the watch did not see the other host's entry change");
        Assert.Equal(3, h.Context.EventCount);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Mapped_with_no_value_removes_only_this_hosts_entry()
    {
        await _hosts.Self.SetMapValueAsync("pool", "s", Ct);
        await _hosts.Peer.SetMapValueAsync("pool", "p", Ct);
        await using var h = await Start(new KvResource { Name = "pool", Mapped = true });
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(new Dictionary<string, string> { ["peer"] = "p" }, await _hosts.Peer.GetMapAsync("pool", Ct));
    }

    [Theory]
    [InlineData("5", "9", 0, true)] // the stored 9 is ahead of 5: left alone
    [InlineData("10", "9", 0, false)] // numbers, not text: 10 > 9 is written
    [InlineData("10", "9", 1, true)] // as text "10" < "9": left alone
    [InlineData("5", "junk", 0, false)] // a stored value that is not a number is replaced
    public async Task Skiplessthan_leaves_a_value_that_is_ahead(string wanted, string stored, long style, bool leftAlone)
    {
        await _hosts.Peer.SetStringAsync("fsm", stored, Ct);
        await using var h = await Start(new KvResource { Name = "fsm", Value = wanted, SkipLessThan = true, SkipCmpStyle = style });
        Assert.Equal(leftAlone, await h.CheckApplyAsync());
        Assert.Equal(leftAlone ? stored : wanted, await _hosts.Peer.GetStringAsync("fsm", Ct));
    }

    [Fact]
    public async Task A_refresh_forces_the_exact_value_even_with_skiplessthan()
    {
        await _hosts.Peer.SetStringAsync("fsm", "9", Ct);
        await using var h = await Start(new KvResource { Name = "fsm", Value = "5", SkipLessThan = true });
        Assert.True(await h.CheckApplyAsync());
        h.Context.Refresh = true;
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("5", await _hosts.Peer.GetStringAsync("fsm", Ct));
    }

    [Fact]
    public async Task A_received_value_is_reported()
    {
        await using var h = await Start(new KvResource { Name = "k", Value = "sent" });
        h.Context.ReceivedValues["value"] = new ReceivedValue(Value.Str("sent"), true);
        await h.ConvergeAsync();
        Assert.True(h.Context.Log.Contains("received a new value: \"sent\""));
    }
}

public sealed class EmbeddedKvResourceTests : KvResourceTests
{
    protected override Task<TwoHosts> StartHostsAsync() => TwoHosts.StartAsync();
}

public sealed class EtcdKvResourceTests(EtcdMemberForTests etcd) : KvResourceTests, IClassFixture<EtcdMemberForTests>
{
    protected override Task<TwoHosts> StartHostsAsync() => TwoHosts.StartOnEtcdAsync(etcd.ClientUrl);
}

/// <summary>What the kv resource refuses before it touches any world.</summary>
public sealed class KvValidationTests
{
    [Theory]
    [InlineData("a//b", "empty part", false)]
    [InlineData("/a", "empty part", false)]
    [InlineData("a/b", "'/'", true)]
    [InlineData("line\nbreak", "newline", false)]
    [InlineData("..", "reserved", false)]
    [InlineData("a/../b", "reserved", false)]
    public void Keys_the_store_cannot_hold_are_refused_with_what_to_do(string key, string mentioned, bool mapped)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new KvResource { Name = "x", Key = key, Value = "v", Mapped = mapped }.Validate());
        Assert.Contains(mentioned, e.Message);
    }

    [Fact]
    public void A_shared_key_may_hold_slashes_between_parts() =>
        new KvResource { Name = "x", Key = "examples/json-edit", Value = "v" }.Validate();

    [Fact]
    public void Skiplessthan_with_numbers_needs_a_number()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new KvResource { Name = "x", Value = "abc", SkipLessThan = true }.Validate());
        Assert.Contains("skipcmpstyle => 1", e.Message);
        Assert.Throws<ResourceValidationException>(() => new KvResource { Name = "x", Value = "1", SkipCmpStyle = 7 }.Validate());
    }

    [Fact]
    public async Task Without_a_world_init_says_what_is_missing()
    {
        var kv = new KvResource { Name = "k", Value = "v" };
        using var context = new TestResourceContext();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => kv.InitAsync(context));
        Assert.Contains("needs the cluster's world", e.Message);
    }
}
