using System.Net.Security;
using Mgmt.World.Etcd;
using Mgmt.World.Tests.Etcd;

namespace Mgmt.World.Tests.Tls;

/// <summary>
/// A real etcd member started with TLS for clients and peers and client certificate authentication: only a client
/// with a certificate of the cluster CA gets in, and no URL is used with the wrong transport.
/// </summary>
public sealed class EtcdTlsTests : IAsyncLifetime
{
    private TlsTestCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await TlsTestCluster.StartAsync();

    public ValueTask DisposeAsync() => _cluster?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Fact]
    public async Task AClientWithACertificateOfTheCaReadsAndWrites()
    {
        await using var store = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(3), _cluster.Issue("web1"));
        Assert.True(await store.PutAsync("/tls-test/a", "1", 0, Ct));
        Assert.Equal("1", (await store.GetAsync("/tls-test/a", Ct))?.Value);
    }

    [Fact]
    public async Task AnAgentJoinsThroughTls()
    {
        await using var world = await EtcdWorld.ConnectAsync(new EtcdWorldOptions
        {
            Hostname = "web1",
            Endpoints = [_cluster.ClientUrl],
            Tls = _cluster.Issue("web1"),
            Cluster = "tls-agent",
        }, Ct);
        await world.SetStringAsync("k", "v", Ct);
        Assert.Equal("v", await world.GetStringAsync("k", Ct));
    }

    [Fact]
    public async Task AClientWithoutACertificateIsRefusedByTheMember()
    {
        // It trusts the CA, so the server's certificate is fine: only its own certificate is missing.
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(_cluster.ClientUrl + "/health", Ct));
    }

    [Fact]
    public async Task AClientOfAnotherCaIsRefusedByTheMember()
    {
        using var other = new ClusterCertificatesTests.OtherAuthority();
        var foreign = other.Cluster.Issue("web1");
        // Its own CA would never accept our member; make it trust our CA, so that only its certificate is at stake.
        var intruder = EtcdTls.Load(_cluster.CaFile, foreign.CertFile, foreign.KeyFile, checkChain: false);
        await using var store = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(1), intruder);
        // The member ends the handshake: to the client that looks like a member that does not answer.
        await Assert.ThrowsAsync<Mgmt.World.Store.StoreUnavailableException>(() => store.PutAsync("/tls-test/intruder", "x", 0, Ct));
        await using var honest = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(3), _cluster.Issue("web1"));
        Assert.Null(await honest.GetAsync("/tls-test/intruder", Ct));
    }

    [Fact]
    public async Task AMemberOfAnotherCaIsNotTrustedByTheClient()
    {
        using var other = new ClusterCertificatesTests.OtherAuthority();
        var stranger = other.Cluster.Issue("web1");
        await using var store = new EtcdKeyValueStore([_cluster.ClientUrl], TimeSpan.FromSeconds(1), stranger);
        var e = await Assert.ThrowsAsync<WorldException>(() => store.GetAsync("/tls-test/a", Ct));
        Assert.Contains("etcd's certificate was refused", e.Message);
    }

    [Fact]
    public async Task AMemberServingWithAnAdministratorsCertificateIsNotTrusted()
    {
        // Of the right CA, but for clients only and for no address: a member serving with it is refused.
        var plain = EtcdTestMember.OptionsFor(_cluster.Root, "m3");
        var options = plain with
        {
            ClientUrls = [.. plain.ClientUrls.Select(TlsTestCluster.Https)],
            PeerUrls = [.. plain.PeerUrls.Select(TlsTestCluster.Https)],
            Tls = _cluster.Issue("alice", admin: true),
            StartTimeout = TimeSpan.FromSeconds(4),
        };
        var e = await Assert.ThrowsAsync<EtcdMemberException>(() => EtcdSupervisor.StartAsync(options, Ct));
        Assert.Contains("did not become healthy", e.Message);
    }

    [Fact]
    public async Task AnHttpsSeedWithoutTlsMaterialIsRefusedWithAMessage()
    {
        var e = await Assert.ThrowsAsync<WorldException>(() => EtcdWorld.ConnectAsync(new EtcdWorldOptions { Hostname = "a", Endpoints = [_cluster.ClientUrl] }, Ct));
        Assert.StartsWith("--seeds:", e.Message);
        Assert.Contains("no TLS material", e.Message);
        Assert.Contains("--tls-ca", e.Message);
    }

    [Fact]
    public async Task TlsMaterialWithAnHttpSeedIsRefusedNotDowngraded()
    {
        var plain = _cluster.ClientUrl.Replace("https://", "http://", StringComparison.Ordinal);
        var e = await Assert.ThrowsAsync<WorldException>(() => EtcdWorld.ConnectAsync(new EtcdWorldOptions { Hostname = "a", Endpoints = [plain], Tls = _cluster.Issue("a") }, Ct));
        Assert.StartsWith("--seeds:", e.Message);
        Assert.Contains("plain http", e.Message);
    }

    [Fact]
    public void AMemberWithTlsMaterialAndHttpUrlsIsRefusedBeforeStarting()
    {
        var options = EtcdTestMember.OptionsFor(_cluster.Root, "m2") with { Tls = _cluster.Issue("m2") };
        var e = Assert.Throws<WorldException>(options.Validate);
        Assert.StartsWith("--client-urls:", e.Message);
    }
}
