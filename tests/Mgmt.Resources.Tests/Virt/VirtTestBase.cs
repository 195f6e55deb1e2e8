using Mgmt.Engine.Values;
using Mgmt.Platform.Libvirt;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.VirtResources;

/// <summary>
/// Shared set-up of the virt tests against libvirt's <c>test:///default</c> driver. Its mock hypervisor lives inside
/// this process, so the test holds its own lease on the same pooled connection the resources use and looks at the
/// domains through it. Every test uses unique domain names (tests run in parallel) and removes what it made.
/// </summary>
public abstract class VirtTestBase : IAsyncLifetime
{
    protected const string Uri = "test:///default";

    private readonly List<string> _names = [];
    private LibvirtLease? _observer;

    protected LibvirtConnectionPool Pool { get; } = new(TimeProvider.System, TimeSpan.Zero);

    /// <summary>The connection the resources share, for looking at and tampering with domains.</summary>
    protected LibvirtConnection Hypervisor => _observer?.Connection ?? throw new InvalidOperationException("not started");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (!LibvirtRuntime.IsInstalled) Assert.Skip("libvirt is not installed (apt-get install libvirt0); CI installs it");
        _observer = await Pool.AcquireAsync(Uri, cancel: Ct);
    }

    /// <summary>A virt resource on the test driver with a fresh domain name, 2 of 4 vCPUs and 128 MiB.</summary>
    protected VirtResource Virt(string state = "running", Action<VirtResource>? configure = null)
    {
        var name = $"vm-{Guid.NewGuid():N}"[..15];
        _names.Add(name);
        var r = new VirtResource { Name = name, Uri = Uri, State = state, Cpus = 2, MaxCpus = 4, Memory = 131072 };
        configure?.Invoke(r);
        return r;
    }

    /// <summary>A resource like <paramref name="r"/> (same domain), changed by <paramref name="configure"/>, as a graph swap makes.</summary>
    protected static VirtResource Like(VirtResource r, Action<VirtResource> configure)
    {
        var copy = (VirtResource)r.Copy();
        configure(copy);
        return copy;
    }

    /// <summary>Starts a resource with a context that hands it this test's pool.</summary>
    protected async Task<ResourceHarness<VirtResource>> Start(VirtResource r, bool watch = false)
    {
        var context = new TestResourceContext();
        context.ServiceMap.Add(Pool);
        return await ResourceHarness<VirtResource>.StartAsync(r, context, watch);
    }

    /// <summary>Reads the domain through the shared connection; null when it does not exist.</summary>
    protected async Task<DomainFacts?> Facts(string name) => await LibvirtWork.RunAsync(() =>
    {
        using var domain = Hypervisor.LookupDomain(name);
        if (domain is null) return null;
        var info = domain.GetInfo();
        var slots = domain.GetVirtualCpus(VcpuFlags.Maximum | (info.IsActive ? VcpuFlags.Live : VcpuFlags.Config));
        return new DomainFacts(info.State, domain.IsPersistent(), info.VirtualCpus, slots, info.MemoryKiB, info.MaxMemoryKiB);
    }, Ct);

    /// <summary>Does something to the domain behind the resource's back.</summary>
    protected Task Tamper(string name, Action<LibvirtDomain> change) => LibvirtWork.RunAsync(() =>
    {
        using var domain = Hypervisor.LookupDomain(name) ?? throw new InvalidOperationException($"no domain {name}");
        change(domain);
    }, Ct);

    /// <summary>
    /// Waits until libvirt has delivered every domain event raised so far on the test driver, so that a test can
    /// forget the events of earlier steps for certain (a fixed delay cannot promise it on a busy machine). It
    /// defines and undefines a marker domain and waits for the marker's undefined event: the test driver queues
    /// its events in one list, in order, and the event thread hands them to the subscribers in that order, so by
    /// the time the marker's event arrives every earlier one has been handled.
    /// </summary>
    protected async Task SettleEventsAsync()
    {
        var marker = $"mark-{Guid.NewGuid():N}"[..15];
        var undefined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Hypervisor.Subscribe(marker, e =>
        {
            if (e.Kind == DomainEventKind.Undefined) undefined.TrySetResult();
        });
        await LibvirtWork.RunAsync(() =>
        {
            using var domain = Hypervisor.DefineDomain(
                $"<domain type='test'><name>{marker}</name><memory unit='KiB'>1024</memory><os><type>hvm</type></os></domain>");
            domain.Undefine();
        }, Ct);
        await undefined.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    protected static string SentState(TestResourceContext context) => ((StrValue)context.Sent["state"]).V;

    public async ValueTask DisposeAsync()
    {
        if (_observer is not null)
        {
            await LibvirtWork.RunAsync(() =>
            {
                foreach (var name in _names)
                {
                    using var domain = Hypervisor.LookupDomain(name);
                    if (domain is null) continue;
                    var persistent = domain.IsPersistent();
                    if (domain.IsActive()) domain.Destroy();
                    if (persistent) domain.Undefine();
                }
            });
            _observer.Dispose();
        }
        Pool.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What a test checks of a domain.</summary>
public sealed record DomainFacts(DomainState State, bool Persistent, uint Cpus, uint Slots, ulong MemoryKiB, ulong MaxMemoryKiB);
