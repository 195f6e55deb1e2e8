using Mgmt.World.Etcd;
using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Etcd;

/// <summary>
/// Collectors take an export only when it is held by its publisher's live session: a key written by anything else
/// (no lease, a host that has no presence, another lease than the host's) is ignored, and an export goes away with
/// its host's session.
/// </summary>
public sealed class ExportSessionTests(EtcdMemberFixture fixture) : IClassFixture<EtcdMemberFixture>, IAsyncLifetime
{
    private readonly string _cluster = "x" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<EtcdWorld> _worlds = [];
    private EtcdKeyValueStore _raw = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        EtcdTestMember.SkipWithoutEtcd();
        _raw = new EtcdKeyValueStore([fixture.Member!.ClientUrl]);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var world in _worlds) await world.DisposeAsync();
        if (_raw is not null) await _raw.DisposeAsync();
    }

    private async Task<EtcdWorld> HostAsync(string name)
    {
        var world = await EtcdWorld.ConnectAsync(new EtcdWorldOptions
        {
            Hostname = name,
            Cluster = _cluster,
            SessionTtl = TimeSpan.FromSeconds(30),
            Endpoints = [fixture.Member!.ClientUrl],
        }, Ct);
        _worlds.Add(world);
        return world;
    }

    private string Key(string from, string to, string name) => $"/mgmt/{_cluster}/exported/{from}/{to}/file/{name}";

    [Fact]
    public async Task ExportsNotHeldByTheirPublishersSessionAreNotCollected()
    {
        var a = await HostAsync("a");
        var b = await HostAsync("b");
        await using var probe = new WatchProbe<IReadOnlyList<ExportedResource>>(ct => b.WatchCollectAsync(ExportFilter.All, ct));
        await probe.WaitForAsync(l => l.Count == 0, what: "nothing exported");

        // The attack of issue 11: a setuid file "from" a host that does not exist, on no lease (it would never expire).
        await _raw.PutAsync(Key("ghost", "*", "/usr/local/bin/sh"), "{\"mode\":\"4755\"}", 0, Ct);
        // A ghost with a lease of its own, but no presence.
        var ghostLease = await _raw.GrantLeaseAsync(TimeSpan.FromSeconds(60), Ct);
        await _raw.PutAsync(Key("ghost", "b", "/etc/leased"), "x", ghostLease, Ct);
        // A live host's name, but not on that host's session.
        await _raw.PutAsync(Key("a", "b", "/etc/forged"), "x", ghostLease, Ct);
        await _raw.PutAsync(Key("a", "b", "/etc/forged-no-lease"), "x", 0, Ct);
        // And a real one, so that the watch has something to show.
        await a.ExportAsync([new ExportedResource("file", "/etc/real", "a", "b", "ok")], Ct);

        var seen = await probe.WaitForAsync(l => l.Count == 1, what: "the one real export");
        Assert.Equal("/etc/real", seen[0].Name);
        Assert.Equal(["/etc/real"], (await b.CollectAsync(ExportFilter.All, Ct)).Select(r => r.Name));
        await _raw.RevokeLeaseAsync(ghostLease, Ct);
    }

    [Fact]
    public async Task ExportsGoAwayWithTheirHostsSession()
    {
        var a = await HostAsync("a");
        var b = await HostAsync("b");
        await using var probe = new WatchProbe<IReadOnlyList<ExportedResource>>(ct => b.WatchCollectAsync(ExportFilter.All, ct));
        await a.ExportAsync([new ExportedResource("file", "/etc/x", "a", "*", "p")], Ct);
        await probe.WaitForAsync(l => l.Count == 1, what: "the export");

        var stored = await _raw.GetAsync(Key("a", "*", "/etc/x"), Ct);
        Assert.NotNull(stored);
        var presence = await _raw.GetAsync($"/mgmt/{_cluster}/hosts/a", Ct);
        Assert.Equal(presence!.LeaseId, stored.LeaseId); // written on the host's session lease

        // The session ends as it does when its agent is killed and its lease runs out.
        await _raw.RevokeLeaseAsync(stored.LeaseId, Ct);
        await probe.WaitForAsync(l => l.Count == 0, what: "the export gone with the session");
        Assert.Null(await _raw.GetAsync(Key("a", "*", "/etc/x"), Ct));
    }
}
