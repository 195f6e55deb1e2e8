using Mgmt.World.Core;
using Mgmt.World.Etcd;
using Mgmt.World.Tests.Support;
using Mgmt.World.Tls;

namespace Mgmt.World.Tests.Tls;

/// <summary>
/// Per-host permissions on a real etcd member with TLS and client-certificate authentication: the first agent's
/// registrar sets up users and roles and turns authentication on; hosts enrol and are registered with no manual step;
/// etcd itself refuses a host's certificate every key that is not that host's or shared; a gone host loses its user.
/// </summary>
public sealed class PerHostPermissionsTests : IAsyncLifetime
{
    private const string Cluster = "rbac";
    private static readonly KeyLayout Layout = new(Cluster);
    private TlsTestCluster _cluster = null!;
    private ClusterAccess _first = null!;

    private readonly Dictionary<string, EtcdTls> _issued = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each name is issued once: issuing again rewrites the files, and the member reads its own on every handshake.</summary>
    private EtcdTls Certificate(string host)
    {
        lock (_issued)
        {
            if (!_issued.TryGetValue(host, out var tls)) _issued[host] = tls = _cluster.Issue(host);
            return tls;
        }
    }

    public async ValueTask InitializeAsync()
    {
        _cluster = await TlsTestCluster.StartAsync("m1");
        _issued["m1"] = _cluster.MemberTls!;
        _first = await PrepareAsync("m1", registrar: true, bootstrap: true, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_first is not null) await _first.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    private Task<ClusterAccess> PrepareAsync(string host, bool registrar, bool bootstrap, CancellationToken cancellationToken) =>
        ClusterAccess.PrepareAsync(new ClusterAccessOptions
        {
            Hostname = host,
            Cluster = Cluster,
            Endpoints = [_cluster.ClientUrl],
            Tls = Certificate(host),
            Registrar = registrar ? _cluster.IssueRegistrar() : null,
            Bootstrap = bootstrap,
            LeaseTtl = TimeSpan.FromSeconds(3),
            Grace = TimeSpan.FromSeconds(2),
        }, cancellationToken);

    private Task<EtcdWorld> ConnectAsync(string host) => EtcdWorld.ConnectAsync(new EtcdWorldOptions
    {
        Hostname = host,
        Cluster = Cluster,
        Endpoints = [_cluster.ClientUrl],
        Tls = Certificate(host),
        SessionTtl = TimeSpan.FromSeconds(3),
    }, Ct);

    /// <summary>A registered host (enrolled through the running registrar) and its world.</summary>
    private async Task<EtcdWorld> JoinAsync(string host)
    {
        await using (await PrepareAsync(host, registrar: false, bootstrap: false, Ct))
        {
        }
        return await ConnectAsync(host);
    }

    [Fact]
    public async Task AHostsCertificateWritesItsOwnKeysAndSharedStringsButNoOtherHostsKeys()
    {
        await using var a = await JoinAsync("a");
        await using var b = await JoinAsync("b");
        Assert.True(await b.SetMapValueAsync("words", "from b", Ct));
        await b.JoinScheduleAsync("web", new ScheduleOptions(), Ct);

        // A's own keys and the shared ones: allowed.
        Assert.True(await a.SetMapValueAsync("words", "from a", Ct));
        Assert.True(await a.SetStringAsync("shared", "by a", Ct));
        Assert.True(await a.JoinScheduleAsync("web", new ScheduleOptions(), Ct));
        await a.PublishStatusAsync(new HostStatus("lang", "main.mcl", true, null), Ct);

        // Others' keys can be read...
        Assert.Equal("from b", (await a.GetMapAsync("words", Ct))["b"]);
        Assert.Equal(["a", "b"], (await a.GetScheduleAsync("web", Ct)).Candidates.Order());

        // ...but every write in B's name is refused by etcd itself, whatever the key.
        await using var asA = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(3), Certificate("a"));
        string[] forged =
        [
            Layout.ExportKey("*", "b", "file", "/etc/evil"), // the forged export of issue 11
            Layout.HostKey("b"),
            Layout.MapKey("words", "b"),
            Layout.ScheduleKey("web", "b"),
            Layout.StatusKey("b"),
            Layout.VolunteerKey("b"),
            Layout.HostKey("ab"), // a's presence key is exact: it is no prefix of another host's
            Layout.Deploy + "history/00000000000000000001",
            Layout.Deploy + "blobs/abc",
            Layout.Enrol + "c",
        ];
        foreach (var key in forged)
        {
            var e = await Assert.ThrowsAsync<WorldPermissionException>(() => asA.PutAsync(key, "forged", 0, Ct));
            Assert.Contains("permission denied", e.Message);
        }
        await Assert.ThrowsAsync<WorldPermissionException>(() => asA.DeleteAsync(Layout.MapKey("words", "b"), Ct));
        Assert.Equal("from b", (await a.GetMapAsync("words", Ct))["b"]);
    }

    [Fact]
    public async Task AHostThatIsGoneLosesItsUserAfterTheGraceAndEnrolsAgainWhenItReturns()
    {
        var gone = await JoinAsync("gone");
        await using var registrar = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(3), _cluster.IssueRegistrar());
        var access = new EtcdAccess(registrar.Client, Layout, TimeSpan.FromSeconds(3));
        Assert.Contains(ClusterPermissions.HostRole("gone"), await access.RolesOfAsync("gone", Ct) ?? []);
        Assert.Contains(ClusterPermissions.HostsRole, await access.RolesOfAsync("gone", Ct) ?? []);

        await gone.DisposeAsync(); // its session (and presence) ends
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await access.RolesOfAsync("gone", Ct) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }
        Assert.Null(await access.RolesOfAsync("gone", Ct));
        Assert.DoesNotContain(ClusterPermissions.HostRole("gone"), (await registrar.Client.RoleListAsync(new Etcdserverpb.AuthRoleListRequest(), cancellationToken: Ct)).Roles);
        await using (var asGone = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(3), Certificate("gone")))
        {
            await Assert.ThrowsAsync<WorldPermissionException>(() => asGone.PutAsync(Layout.HostKey("gone"), "x", 0, Ct));
        }

        // It comes back: it enrols again and the registrar registers it again, with no manual step.
        await using var back = await JoinAsync("gone");
        Assert.True(await back.SetMapValueAsync("words", "back", Ct));
    }

    [Fact]
    public async Task AHostWaitsForARegistrarAndIsRegisteredWhenOneRuns()
    {
        // Stop the registrar: a new host then waits, and cannot write anything meanwhile.
        await _first.DisposeAsync();
        using var waitBriefly = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        waitBriefly.CancelAfter(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PrepareAsync("late", registrar: false, bootstrap: false, waitBriefly.Token));

        var waiting = PrepareAsync("late", registrar: false, bootstrap: false, Ct);
        _first = await PrepareAsync("m1", registrar: true, bootstrap: false, Ct); // a registrar that starts again: bootstrap is not needed twice
        await using (await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct))
        {
        }
        await using var late = await ConnectAsync("late");
        Assert.True(await late.SetStringAsync("late", "here", Ct));
    }

    [Fact]
    public async Task SettingUpAgainAndTwoRegistrarsRacingAreHarmlessAndReservedNamesAreNeverRegistered()
    {
        await using var second = await PrepareAsync("m2", registrar: true, bootstrap: true, Ct); // auth is on already: it only adds what is missing
        await using var registrar = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(3), _cluster.IssueRegistrar());
        Assert.True(await registrar.PutAsync(Layout.EnrolKey("mgmt-evil"), "enrol", 0, Ct));
        Assert.True(await registrar.PutAsync(Layout.EnrolKey("twice"), "enrol", 0, Ct));
        var one = EtcdRegistrar.Start(registrar, Layout, new RegistrarOptions { Interval = TimeSpan.FromMilliseconds(50) });
        var two = EtcdRegistrar.Start(registrar, Layout, new RegistrarOptions { Interval = TimeSpan.FromMilliseconds(50) });
        var access = new EtcdAccess(registrar.Client, Layout, TimeSpan.FromSeconds(3));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await access.RolesOfAsync("twice", Ct) is not { Count: 2 } && DateTime.UtcNow < deadline) await Task.Delay(100, Ct);
        await one.DisposeAsync();
        await two.DisposeAsync();
        Assert.Equal([ClusterPermissions.HostRole("twice"), ClusterPermissions.HostsRole], (await access.RolesOfAsync("twice", Ct))!.Order());
        Assert.Null(await access.RolesOfAsync("mgmt-evil", Ct));
        await Assert.ThrowsAsync<WorldException>(() => access.RegisterHostAsync("root", Ct));
    }

    [Fact]
    public async Task TheRegistrarCarriesOnAfterEtcdWasKilledAndRestarted()
    {
        var member = _cluster.Member!;
        var firstPid = member.ProcessId!.Value;
        System.Diagnostics.Process.GetProcessById(firstPid).Kill();
        await Eventually.TrueAsync(() => Task.FromResult(member.Restarts == 1 && member.ProcessId is { } pid && pid != firstPid),
            TimeSpan.FromSeconds(30), "the supervisor to restart etcd");
        // The registrar's rounds failed while etcd was away; the next ones register a new host as before.
        await using var after = await JoinAsync("after");
        Assert.True(await after.SetMapValueAsync("words", "after the outage", Ct));
    }

    [Fact]
    public async Task ANewTlsClusterWithoutTheRegistrarIsRefusedNamingTheFlags()
    {
        var e = await Assert.ThrowsAsync<WorldException>(() => PrepareAsync("m1", registrar: false, bootstrap: true, Ct));
        Assert.Contains("--tls-registrar-cert", e.Message);
        Assert.Contains("--tls-no-permissions", e.Message);
    }

    [Fact]
    public async Task OnlyTheAdministratorWritesTheDeployHistory()
    {
        await using var admin = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(3), _cluster.Issue("alice", admin: true));
        Assert.True(await admin.PutAsync(Layout.Deploy + "history/00000000000000000001", "{}", 0, Ct));
        await using var a = await JoinAsync("a");
        var e = await Assert.ThrowsAsync<WorldPermissionException>(() =>
            new Deploys.DeployArea(a.Calls, Layout, null).AppendAsync(new Deploys.StoredDeploy(2, "record", null), Ct));
        Assert.Contains("administrator", e.Message);
    }
}
