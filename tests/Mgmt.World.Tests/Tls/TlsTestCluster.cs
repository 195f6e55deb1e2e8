using Mgmt.World.Etcd;
using Mgmt.World.Tests.Etcd;
using Mgmt.World.Tls;

namespace Mgmt.World.Tests.Tls;

/// <summary>
/// A cluster CA made by <see cref="ClusterCertificates"/> in a temp directory, certificates issued from it, and a
/// real etcd member on free loopback https ports that demands client certificates of that CA.
/// </summary>
public sealed class TlsTestCluster : IAsyncDisposable
{
    private TlsTestCluster(string root)
    {
        Root = root;
        CaDirectory = Path.Combine(root, "ca");
        ClusterCertificates.InitAuthority(CaDirectory, "test", 30);
    }

    public string Root { get; }

    public string CaDirectory { get; }

    public string CaFile => Path.Combine(CaDirectory, ClusterCertificates.CaCertificateFile);

    public EtcdSupervisor? Member { get; private set; }

    /// <summary>The member's host certificate (issue it again and the member's files change under it).</summary>
    public EtcdTls? MemberTls { get; private set; }

    public string ClientUrl => Member!.ClientUrls[0];

    /// <summary>Only the CA, no member.</summary>
    public static TlsTestCluster CreateAuthority() => new(Directory.CreateTempSubdirectory("mgmt-tls-test-").FullName);

    /// <summary>The CA and a member named <paramref name="memberName"/> running with its host certificate.</summary>
    public static async Task<TlsTestCluster> StartAsync(string memberName = "m1")
    {
        EtcdTestMember.SkipWithoutEtcd();
        var cluster = CreateAuthority();
        try
        {
            var tls = cluster.MemberTls = cluster.Issue(memberName);
            var plain = EtcdTestMember.OptionsFor(cluster.Root, memberName);
            var options = plain with
            {
                ClientUrls = [.. plain.ClientUrls.Select(Https)],
                PeerUrls = [.. plain.PeerUrls.Select(Https)],
                Tls = tls,
            };
            cluster.Member = await EtcdSupervisor.StartAsync(options);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Issues (host or administrator) material of this CA and loads it as a client would.</summary>
    public EtcdTls Issue(string name, bool admin = false)
    {
        var (cert, key) = ClusterCertificates.Issue(CaDirectory, name, admin, [], Path.Combine(Root, "issued"), 2);
        return EtcdTls.Load(CaFile, cert, key);
    }

    /// <summary>Issues the registrar's material (CN mgmt-registrar, a root user once permissions are on).</summary>
    public EtcdTls IssueRegistrar(string name = "registrar")
    {
        var (cert, key) = ClusterCertificates.Issue(CaDirectory, name, IssuedIdentity.Registrar, [], Path.Combine(Root, "issued"), 2);
        return EtcdTls.Load(CaFile, cert, key);
    }

    public static string Https(string url) => url.Replace("http://", "https://", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (Member is not null)
        {
            await Member.DisposeAsync();
        }
        TempDirs.Remove(Root);
    }
}
