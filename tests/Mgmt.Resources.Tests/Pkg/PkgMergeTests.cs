using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Pkg;

public sealed class PkgMergeTests
{
    [Theory]
    [InlineData("installed", "newest", "newest")]
    [InlineData("newest", "installed", "newest")]
    [InlineData("installed", "installed", "installed")]
    [InlineData("2.10-3", "2.10-3", "2.10-3")]
    public void Installed_and_newest_merge_into_newest(string a, string b, string merged)
    {
        var first = new PkgResource { Name = "hello", State = a, Meta = MetaParams.Default with { Retry = 2 } };
        var second = new PkgResource { Name = "hello", State = b };
        Assert.True(first.Adapts(second));
        var result = Assert.IsType<PkgResource>(first.Merge(second));
        Assert.Equal(merged, result.State);
        Assert.Equal("hello", result.Name);
        Assert.Equal(2, result.Meta.Retry);
        Assert.Equal(a, first.State);
    }

    [Theory]
    [InlineData("installed", "uninstalled")]
    [InlineData("newest", "2.10-3")]
    [InlineData("2.10-3", "2.10-4")]
    public void Contradicting_states_do_not_merge(string a, string b)
    {
        var first = new PkgResource { Name = "hello", State = a };
        Assert.False(first.Adapts(new PkgResource { Name = "hello", State = b }));
        Assert.Throws<InvalidOperationException>(() => first.Merge(new PkgResource { Name = "hello", State = b }));
    }

    [Fact]
    public void Different_flags_or_packages_do_not_merge()
    {
        var first = new PkgResource { Name = "hello" };
        Assert.False(first.Adapts(new PkgResource { Name = "hello", AllowNonFree = true }));
        Assert.False(first.Adapts(new PkgResource { Name = "sl" }));
        Assert.False(first.Adapts(new NoopResource { Name = "hello" }));
    }

    [Fact]
    public void Packages_with_the_same_transaction_flags_group_whatever_their_states()
    {
        var leader = new PkgResource { Name = "hello" };
        Assert.True(leader.CanGroupWith(new PkgResource { Name = "sl", State = "uninstalled" }));
        Assert.True(leader.CanGroupWith(new PkgResource { Name = "sl", State = "1.0", AllowNonFree = true }));
        Assert.False(leader.CanGroupWith(new PkgResource { Name = "sl", AllowDowngrade = true }));
        Assert.False(leader.CanGroupWith(new PkgResource { Name = "sl", AllowUntrusted = true }));
        Assert.False(leader.CanGroupWith(new PkgResource { Name = "sl", Meta = MetaParams.Default with { Noop = true } }));
        Assert.False(leader.CanGroupWith(new NoopResource { Name = "sl" }));
    }
}
