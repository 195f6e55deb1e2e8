using Mgmt.Platform.Libvirt;

namespace Mgmt.Platform.Tests.Virt;

/// <summary>The P/Invoke layer against the real libvirt library and its test driver.</summary>
public sealed class LibvirtConnectionTests
{
    [Fact]
    public async Task A_domain_goes_through_its_whole_life_cycle()
    {
        TestDriver.RequireLibvirt();
        var name = TestDriver.UniqueName("life");
        using var connection = await LibvirtWork.RunAsync(() => LibvirtConnection.Open(TestDriver.Uri), TestContext.Current.CancellationToken);
        Assert.True(connection.LibraryVersion > 1_000_000);
        Assert.Null(connection.LookupDomain(name));

        using (var defined = connection.DefineDomain(TestDriver.DomainXml(name)))
        {
            Assert.Equal(name, defined.Name);
            Assert.True(defined.IsPersistent());
            Assert.False(defined.IsActive());
            Assert.Equal(DomainState.Shutoff, defined.GetInfo().State);
        }

        using var domain = connection.LookupDomain(name)!;
        domain.Start();
        Assert.True(domain.IsActive());
        var info = domain.GetInfo();
        Assert.Equal(DomainState.Running, info.State);
        Assert.Equal(131072UL, info.MaxMemoryKiB);
        Assert.Equal(1U, info.VirtualCpus);
        domain.Suspend();
        Assert.Equal(DomainState.Paused, domain.GetInfo().State);
        domain.Resume();
        Assert.Equal(DomainState.Running, domain.GetInfo().State);
        domain.Destroy();
        Assert.Equal(DomainState.Shutoff, domain.GetInfo().State);
        domain.Undefine();
        Assert.Null(connection.LookupDomain(name));
    }

    [Fact]
    public async Task VCpus_are_hot_plugged_and_unplugged_on_a_running_domain()
    {
        TestDriver.RequireLibvirt();
        var name = TestDriver.UniqueName("vcpu");
        using var connection = await LibvirtWork.RunAsync(() => LibvirtConnection.Open(TestDriver.Uri), TestContext.Current.CancellationToken);
        using var domain = connection.CreateTransientDomain(TestDriver.DomainXml(name));
        Assert.False(domain.IsPersistent());
        Assert.Equal(4U, domain.GetVirtualCpus(VcpuFlags.Maximum | VcpuFlags.Live));
        domain.SetVirtualCpus(3, VcpuFlags.Live);
        Assert.Equal(3U, domain.GetVirtualCpus(VcpuFlags.Live));
        Assert.Equal(3U, domain.GetInfo().VirtualCpus);
        domain.SetVirtualCpus(2, VcpuFlags.Live);
        Assert.Equal(2U, domain.GetInfo().VirtualCpus);
        domain.SetMemory(65536, MemoryFlags.Live);
        Assert.Equal(65536UL, domain.GetInfo().MemoryKiB);
        domain.Destroy();
        Assert.Null(connection.LookupDomain(name)); // a transient domain is gone once stopped
    }

    [Fact]
    public async Task A_refused_call_throws_libvirts_reason_with_what_was_being_done()
    {
        TestDriver.RequireLibvirt();
        var name = TestDriver.UniqueName("fail");
        using var connection = await LibvirtWork.RunAsync(() => LibvirtConnection.Open(TestDriver.Uri), TestContext.Current.CancellationToken);
        var bad = Assert.Throws<LibvirtException>(() => connection.DefineDomain("<domain type='test'><name>x</name>"));
        Assert.StartsWith("cannot define a domain on 'test:///default': ", bad.Message, StringComparison.Ordinal);
        Assert.True(bad.Code > 0);

        using var domain = connection.DefineDomain(TestDriver.DomainXml(name));
        try
        {
            var notRunning = Assert.Throws<LibvirtException>(domain.Suspend);
            Assert.Contains($"cannot pause domain '{name}'", notRunning.Message, StringComparison.Ordinal);
            Assert.Contains("not running", notRunning.Message, StringComparison.Ordinal);
            var tooMany = Assert.Throws<LibvirtException>(() => domain.SetVirtualCpus(9, VcpuFlags.Config));
            Assert.Contains("to 9", tooMany.Message, StringComparison.Ordinal);
        }
        finally
        {
            domain.Undefine();
        }
    }

    [Fact]
    public async Task An_unreachable_hypervisor_is_reported_with_its_uri()
    {
        TestDriver.RequireLibvirt();
        var error = await Assert.ThrowsAsync<LibvirtException>(() =>
            LibvirtWork.RunAsync(() => LibvirtConnection.Open("test+unix:///default?socket=/nonexistent/mgmt-missing.sock"), TestContext.Current.CancellationToken));
        Assert.StartsWith("cannot connect to 'test+unix:///default?socket=/nonexistent/mgmt-missing.sock': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_are_accepted_by_a_driver_that_needs_none()
    {
        TestDriver.RequireLibvirt();
        var credentials = new LibvirtCredentials("someone", "secret");
        Assert.DoesNotContain("secret", credentials.ToString(), StringComparison.Ordinal);
        using var connection = await LibvirtWork.RunAsync(() => LibvirtConnection.Open(TestDriver.Uri, credentials), TestContext.Current.CancellationToken);
        Assert.NotNull(connection.LookupDomain("test"));
    }
}
