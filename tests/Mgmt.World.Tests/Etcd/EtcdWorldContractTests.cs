using Mgmt.World.Etcd;
using Mgmt.World.Tests.Contract;

namespace Mgmt.World.Tests.Etcd;

/// <summary>The shared contract against real etcd: every test gets a fresh cluster prefix in one shared member.</summary>
public sealed class EtcdWorldContractTests(EtcdMemberFixture fixture) : WorldContractTests, IClassFixture<EtcdMemberFixture>
{
    private readonly string _cluster = "t" + Guid.NewGuid().ToString("N")[..12];

    public override ValueTask InitializeAsync()
    {
        EtcdTestMember.SkipWithoutEtcd();
        return base.InitializeAsync();
    }

    protected override async Task<IWorld> ConnectAsync(string hostname, CancellationToken cancellationToken) =>
        await EtcdWorld.ConnectAsync(new EtcdWorldOptions
        {
            Hostname = hostname,
            Cluster = _cluster,
            SessionTtl = Ttl,
            Endpoints = [fixture.Member!.ClientUrl],
        }, cancellationToken);
}
