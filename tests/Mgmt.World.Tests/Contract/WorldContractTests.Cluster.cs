using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Contract;

public abstract partial class WorldContractTests
{
    [Fact]
    public async Task Membership_HostsPublishTheirStatusAndTheClusterStatusShowsIt()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        Assert.True(await a.PublishStatusAsync(new HostStatus("lang", "/etc/site.mcl", false), Ct));
        Assert.False(await a.PublishStatusAsync(new HostStatus("lang", "/etc/site.mcl", false), Ct));
        Assert.True(await a.PublishStatusAsync(new HostStatus("lang", "/etc/site.mcl", true), Ct));

        var status = await b.GetClusterStatusAsync(Ct);
        Assert.Equal(["a", "b"], status.Hosts.Select(h => h.Hostname));
        var seen = status.Hosts[0];
        Assert.Equal(new HostStatus("lang", "/etc/site.mcl", true), seen.Status);
        Assert.Equal(Environment.ProcessId, seen.ProcessId);
        Assert.Null(status.Hosts[1].Status);
        Assert.Null(status.Leader); // nobody campaigns in these tests

        // The status hangs on the host's session: it leaves with it.
        await a.DisposeAsync();
        status = await b.GetClusterStatusAsync(Ct);
        Assert.Equal(["b"], status.Hosts.Select(h => h.Hostname));
    }

    [Fact]
    public async Task Membership_TheIdealClusterSizeIsStoredWatchedAndChecked()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        Assert.Equal(ClusterStatus.DefaultIdealSize, await a.GetIdealClusterSizeAsync(Ct));
        await using var probe = new WatchProbe<int>(ct => b.WatchIdealClusterSizeAsync(ct));
        await probe.WaitForAsync(s => s == ClusterStatus.DefaultIdealSize, what: "the default size");

        Assert.True(await a.SetIdealClusterSizeAsync(3, Ct));
        Assert.False(await a.SetIdealClusterSizeAsync(3, Ct));
        await probe.WaitForAsync(s => s == 3, what: "size 3");
        Assert.Equal(3, await b.GetIdealClusterSizeAsync(Ct));
        Assert.Equal(3, (await b.GetClusterStatusAsync(Ct)).IdealSize);

        var e = await Assert.ThrowsAsync<WorldException>(() => a.SetIdealClusterSizeAsync(0, Ct));
        Assert.Contains("out of range", e.Message);
        await Assert.ThrowsAsync<WorldException>(() => a.SetIdealClusterSizeAsync(ClusterStatus.MaxIdealSize + 1, Ct));
        Assert.Equal(3, await b.GetIdealClusterSizeAsync(Ct));
    }
}
