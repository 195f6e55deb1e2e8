using System.Net;
using System.Net.Sockets;
using Mgmt.World.Etcd;

namespace Mgmt.Tests.Support;

/// <summary>
/// One real etcd member (through <see cref="EtcdSupervisor"/>, on free loopback ports, data in a temp dir) shared by
/// the tests of a class; each test keeps to a cluster prefix of its own. Without etcd installed the tests skip,
/// saying why; CI installs it. Shared by the test projects that run the world over etcd (linked into each).
/// </summary>
public sealed class EtcdMemberForTests : IAsyncLifetime
{
    public const string EtcdPath = "/usr/bin/etcd";

    private readonly string _root = Directory.CreateTempSubdirectory("mgmt-test-etcd-").FullName;
    private EtcdSupervisor? _member;

    /// <summary>The member's client URL; the test is skipped when etcd is not installed.</summary>
    public string ClientUrl
    {
        get
        {
            Assert.SkipUnless(_member is not null, $"etcd is not installed at {EtcdPath} (apt-get install etcd-server); CI installs it");
            return _member!.ClientUrls[0];
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(EtcdPath)) return;
        _member = await EtcdSupervisor.StartAsync(new EtcdMemberOptions
        {
            Name = "test",
            DataDirectory = Path.Combine(_root, "etcd"),
            ClientUrls = [FreeUrl()],
            PeerUrls = [FreeUrl()],
            StopTimeout = TimeSpan.FromSeconds(3),
        }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_member is not null) await _member.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static string FreeUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
