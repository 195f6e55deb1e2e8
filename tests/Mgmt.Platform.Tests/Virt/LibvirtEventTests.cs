using System.Collections.Concurrent;
using Mgmt.Platform.Libvirt;

namespace Mgmt.Platform.Tests.Virt;

/// <summary>Domain lifecycle events, delivered by the process's libvirt event loop thread.</summary>
public sealed class LibvirtEventTests
{
    [Fact]
    public async Task Each_change_of_a_domain_reaches_its_subscribers_only()
    {
        TestDriver.RequireLibvirt();
        var name = TestDriver.UniqueName("events");
        var other = TestDriver.UniqueName("other");
        using var connection = await LibvirtWork.RunAsync(() => LibvirtConnection.Open(TestDriver.Uri), TestContext.Current.CancellationToken);
        var seen = new BlockingCollection<DomainEvent>();
        var strays = new ConcurrentQueue<DomainEvent>();
        using var subscription = connection.Subscribe(name, seen.Add);
        using var otherSubscription = connection.Subscribe(other, strays.Enqueue);

        using var domain = connection.DefineDomain(TestDriver.DomainXml(name));
        Assert.Equal(DomainEventKind.Defined, Next(seen).Kind);
        domain.Start();
        Assert.Equal(DomainEventKind.Started, Next(seen).Kind);
        domain.Suspend();
        Assert.Equal(DomainEventKind.Suspended, Next(seen).Kind);
        domain.Resume();
        Assert.Equal(DomainEventKind.Resumed, Next(seen).Kind);
        domain.Destroy();
        var stopped = Next(seen);
        Assert.Equal(DomainEventKind.Stopped, stopped.Kind);
        Assert.Equal(name, stopped.Domain);
        domain.Undefine();
        Assert.Equal(DomainEventKind.Undefined, Next(seen).Kind);
        Assert.Empty(strays);
    }

    [Fact]
    public async Task A_removed_subscription_hears_nothing_more()
    {
        TestDriver.RequireLibvirt();
        var name = TestDriver.UniqueName("unsub");
        using var connection = await LibvirtWork.RunAsync(() => LibvirtConnection.Open(TestDriver.Uri), TestContext.Current.CancellationToken);
        var before = new BlockingCollection<DomainEvent>();
        var after = new BlockingCollection<DomainEvent>();
        var subscription = connection.Subscribe(name, before.Add);
        using var witness = connection.Subscribe(name, after.Add);
        using var domain = connection.CreateTransientDomain(TestDriver.DomainXml(name));
        Assert.Equal(DomainEventKind.Started, Next(before).Kind);
        Assert.Equal(DomainEventKind.Started, Next(after).Kind);
        subscription.Dispose();
        domain.Destroy();
        // The witness proves the event was delivered; the removed subscription must not have had it.
        Assert.Equal(DomainEventKind.Stopped, Next(after).Kind);
        Assert.Empty(before);
    }

    private static DomainEvent Next(BlockingCollection<DomainEvent> events)
    {
        Assert.True(events.TryTake(out var e, 10_000, TestContext.Current.CancellationToken), "no domain event arrived");
        return e;
    }
}
