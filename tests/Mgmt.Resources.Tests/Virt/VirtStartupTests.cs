using Mgmt.Engine.Resources;
using Mgmt.Platform.Libvirt;

namespace Mgmt.Resources.Tests.VirtResources;

/// <summary>startup: whether libvirt starts the domain with the hypervisor, on the test driver.</summary>
public sealed class VirtStartupTests : VirtTestBase
{
    private Task<bool> Autostart(string name) => LibvirtWork.RunAsync(() =>
    {
        using var domain = Hypervisor.LookupDomain(name)!;
        return domain.GetAutostart();
    }, Ct);

    [Fact]
    public async Task Startup_enabled_and_disabled_set_autostart_and_a_change_by_hand_is_put_back()
    {
        var r = Virt("running", v => v.Startup = "enabled");
        await using (var h = await Start(r))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.True(await Autostart(r.Name));
            await Tamper(r.Name, d => d.SetAutostart(false));
            Assert.False(await h.CheckApplyAsync(apply: false));
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.True(await Autostart(r.Name));
        }
        await using (var h = await Start(Like(r, v => v.Startup = "disabled")))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.False(await Autostart(r.Name));
        }
    }

    [Theory]
    [InlineData("yes", false, "startup 'yes'")]
    [InlineData("enabled", true, "transient")]
    public void Startup_is_checked(string startup, bool transient, string expected)
    {
        var r = new VirtResource { Name = "v", Uri = Uri, State = "running", Cpus = 1, Memory = 1024, Startup = startup, Transient = transient };
        Assert.Contains(expected, Assert.Throws<ResourceValidationException>(r.Validate).Message);
    }
}
