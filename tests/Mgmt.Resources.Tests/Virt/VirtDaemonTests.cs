namespace Mgmt.Resources.Tests.VirtResources;

/// <summary>A resource whose libvirt daemon goes away and comes back (a private daemon, killed by the test).</summary>
public sealed class VirtDaemonTests : VirtTestBase
{
    [Fact]
    public async Task A_lost_daemon_fails_the_watch_and_the_next_check_reconnects()
    {
        PrivateLibvirtDaemon.Require();
        using var daemon = new PrivateLibvirtDaemon();
        await daemon.StartAsync();
        var r = Virt("running", v => { v.Uri = daemon.Uri; v.Transient = true; });
        await using var h = await Start(r, watch: true);
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal("running", SentState(h.Context));

        daemon.Kill();
        var lost = await Assert.ThrowsAsync<IOException>(() => h.Watch!.WaitAsync(TimeSpan.FromSeconds(15), Ct));
        Assert.Equal($"the connection to '{daemon.Uri}' was lost (did the libvirt daemon stop?); it is reopened when the watch restarts", lost.Message);
        var refused = await Assert.ThrowsAsync<Mgmt.Platform.Libvirt.LibvirtException>(() => h.CheckApplyAsync());
        Assert.Contains("Failed to connect socket", refused.Message, StringComparison.Ordinal);

        // A new daemon has a fresh mock hypervisor: the domain is created again on a new connection.
        await daemon.StartAsync();
        Assert.False(await h.CheckApplyAsync());
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal("running", SentState(h.Context));
    }
}
