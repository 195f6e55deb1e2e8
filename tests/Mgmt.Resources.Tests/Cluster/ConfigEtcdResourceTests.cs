using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;
using Mgmt.World;

namespace Mgmt.Resources.Tests.Cluster;

/// <summary><c>config:etcd</c> keeps the cluster's ideal size: it writes it, and puts it back when someone changes it.</summary>
public sealed class ConfigEtcdResourceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TwoHosts _hosts = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _hosts = await TwoHosts.StartAsync();

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    [Fact]
    public async Task Keeps_the_ideal_size_and_puts_it_back_after_a_change_elsewhere()
    {
        await using var h = await ResourceHarness<ConfigEtcdResource>.StartAsync(new ConfigEtcdResource { Name = "size", IdealClusterSize = 3 }, _hosts.Context());
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal(ClusterStatus.DefaultIdealSize, await _hosts.Peer.GetIdealClusterSizeAsync(Ct));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(3, await _hosts.Peer.GetIdealClusterSizeAsync(Ct));
        Assert.True(await h.CheckApplyAsync());

        var before = h.Context.EventCount;
        await _hosts.Peer.SetIdealClusterSizeAsync(7, Ct);
        await Eventually(() => h.Context.EventCount > before, "the watch to see the other host's change");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(3, await _hosts.Peer.GetIdealClusterSizeAsync(Ct));
    }

    [Theory]
    [InlineData(0L, false, "not supported")]
    [InlineData(0L, true, "allow_size_shutdown does not change this")]
    [InlineData(10L, false, "out of range")]
    [InlineData(-1L, false, "out of range")]
    public void Sizes_the_cluster_cannot_take_are_refused_with_the_graph(long size, bool allowShutdown, string mentioned)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new ConfigEtcdResource { Name = "size", IdealClusterSize = size, AllowSizeShutdown = allowShutdown }.Validate());
        Assert.Contains(mentioned, e.Message);
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20, Ct);
        }
    }
}
