using System.Diagnostics;
using Mgmt.World.Core;
using Mgmt.World.Embedded;
using Mgmt.World.Store;
using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Cluster;

/// <summary>
/// An agent restarted after a crash finds its hostname still claimed by its earlier run's session. When that claim
/// is provably its own (this machine, its prefix, a process that is gone) it takes it over at once; any other claim
/// it waits for, saying how long, and a claim that is still renewed belongs to a live agent and is refused.
/// </summary>
public sealed class HostnameTakeoverTests : IAsyncDisposable
{
    private readonly MemoryKeyValueStore _store = new();
    private readonly KeyLayout _layout = new("default");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Writes a presence claim for <paramref name="host"/> as an agent that then died would have left it.</summary>
    private async Task<long> PlantClaimAsync(string host, PresenceRecord record, TimeSpan ttl)
    {
        var lease = await _store.GrantLeaseAsync(ttl, Ct);
        Assert.Null(await _store.CreateAsync(_layout.HostKey(host), WorldJson.Write(record), lease, Ct));
        await _store.PutAsync(_layout.MapKey("words", host), "left by the dead run", lease, Ct);
        return lease;
    }

    /// <summary>The pid of a process that has just exited (so it is provably gone).</summary>
    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        await process.WaitForExitAsync(Ct);
        return process.Id;
    }

    private Task<EmbeddedWorld> StartAsync(string host, string prefix, ListLogger log) =>
        EmbeddedWorld.StartAsync(new WorldOptions { Hostname = host, Prefix = prefix, SessionTtl = TimeSpan.FromSeconds(3), Logger = log }, _store, Ct);

    [Fact]
    public async Task A_claim_of_this_agents_earlier_run_that_is_gone_is_taken_over_at_once()
    {
        var pid = await DeadPidAsync();
        await PlantClaimAsync("web1", new PresenceRecord("old", DateTimeOffset.UtcNow, pid)
        {
            Machine = ProcessIdentity.MachineId,
            Boot = ProcessIdentity.BootId,
            ProcessStart = 12345,
            Prefix = "/var/lib/mgmt",
        }, TimeSpan.FromMinutes(5));
        var log = new ListLogger();
        var watch = Stopwatch.StartNew();
        await using var world = await StartAsync("web1", "/var/lib/mgmt", log);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the takeover must not wait for the old claim's five minutes");
        Assert.Contains(log.Lines, l => l.Message.Contains("earlier run (pid " + pid, StringComparison.Ordinal) && l.Message.Contains("taking it over", StringComparison.Ordinal));
        var hosts = await world.GetHostsAsync(Ct);
        Assert.Equal(world.Instance, Assert.Single(hosts).InstanceId);
        // Ending the old session removed what the dead run had published.
        Assert.Empty(await world.GetMapAsync("words", Ct));
    }

    [Fact]
    public async Task A_claim_that_cannot_be_proven_ours_is_waited_for_with_how_long_said()
    {
        // Same machine and a dead process, but another prefix: maybe another agent's, so no shortcut.
        var pid = await DeadPidAsync();
        await PlantClaimAsync("web2", new PresenceRecord("old", DateTimeOffset.UtcNow, pid)
        {
            Machine = ProcessIdentity.MachineId,
            Boot = ProcessIdentity.BootId,
            Prefix = "/somewhere/else",
        }, TimeSpan.FromSeconds(2));
        var log = new ListLogger();
        await using var world = await StartAsync("web2", "/var/lib/mgmt", log);
        Assert.Contains(log.Lines, l => l.Message.Contains("waiting up to", StringComparison.Ordinal) && l.Message.Contains("web2", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Message.Contains("taking it over", StringComparison.Ordinal));
        Assert.Equal(world.Instance, Assert.Single(await world.GetHostsAsync(Ct)).InstanceId);
    }

    [Fact]
    public async Task A_claim_from_another_machine_is_never_taken_over_and_a_renewed_one_is_refused()
    {
        var lease = await PlantClaimAsync("web3", new PresenceRecord("other", DateTimeOffset.UtcNow, 4242)
        {
            Machine = "another-machine",
            Boot = "another-boot",
            Prefix = "/var/lib/mgmt",
        }, TimeSpan.FromSeconds(2));
        using var renew = new CancellationTokenSource();
        var keeper = Task.Run(async () =>
        {
            while (!renew.IsCancellationRequested)
            {
                await _store.KeepAliveAsync(lease, CancellationToken.None);
                await Task.Delay(300, CancellationToken.None);
            }
        }, CancellationToken.None);
        var log = new ListLogger();
        var e = await Assert.ThrowsAsync<HostnameInUseException>(() => StartAsync("web3", "/var/lib/mgmt", log));
        await renew.CancelAsync();
        await keeper;
        Assert.Contains("\"web3\" is already used by another agent (pid 4242", e.Message);
        Assert.Contains("which is alive", e.Message);
        Assert.Contains("--hostname", e.Message);
        Assert.Contains(log.Lines, l => l.Message.Contains("waiting up to", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();
}
