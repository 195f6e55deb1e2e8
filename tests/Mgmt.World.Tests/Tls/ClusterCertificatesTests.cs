using System.Security.Cryptography.X509Certificates;
using Mgmt.World.Etcd;
using Mgmt.World.Tests.Etcd;
using Mgmt.World.Tls;

namespace Mgmt.World.Tests.Tls;

/// <summary>The CA and the certificates of <c>mgmt tls</c>: who they name, what they may do, who may read the keys.</summary>
public sealed class ClusterCertificatesTests : IDisposable
{
    private readonly TlsTestCluster _cluster = TlsTestCluster.CreateAuthority();

    public void Dispose() => TempDirs.Remove(_cluster.Root);

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void KeysAreReadableByTheirOwnerOnlyAndNoTemporaryFileRemains()
    {
        _cluster.Issue("web1");
        var issued = Path.Combine(_cluster.Root, "issued");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_cluster.CaDirectory, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(issued, "web1.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_cluster.CaDirectory));
        Assert.Equal(["ca.crt", "ca.key"], Directory.GetFiles(_cluster.CaDirectory).Select(Path.GetFileName).Order());
        Assert.Equal(["web1.crt", "web1.key"], Directory.GetFiles(issued).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void AHostCertificateNamesTheHostServesLoopbackAndChainsToTheCa()
    {
        var tls = _cluster.Issue("web1");
        Assert.Equal("web1", tls.CommonName);
        var usages = tls.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages.Order());
        Assert.True(tls.Certificate.MatchesHostname("web1"));
        Assert.True(tls.Certificate.MatchesHostname("127.0.0.1"));
        Assert.False(tls.Certificate.MatchesHostname("web2"));
    }

    [Fact]
    public void AnAdministratorCertificateIsTheAdministratorUserAndServesNothing()
    {
        var tls = _cluster.Issue("alice", admin: true);
        Assert.Equal(ClusterCertificates.AdministratorUser, tls.CommonName);
        Assert.Contains("OU=alice", tls.Certificate.Subject);
        var usages = tls.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], usages);
    }

    [Fact]
    public void AnExistingCaIsNeverReplaced()
    {
        var before = File.ReadAllText(_cluster.CaFile);
        var e = Assert.Throws<WorldException>(() => ClusterCertificates.InitAuthority(_cluster.CaDirectory, "again", 30));
        Assert.Contains("already holds a CA", e.Message);
        Assert.Equal(before, File.ReadAllText(_cluster.CaFile));
    }

    [Theory]
    [InlineData("root")]
    [InlineData("mgmt-admin")]
    public void ReservedNamesAreRefusedForHosts(string name)
    {
        var e = Assert.Throws<WorldException>(() => _cluster.Issue(name));
        Assert.Contains("reserved", e.Message);
    }

    [Fact]
    public void IssuingWithoutACaSaysHowToMakeOne()
    {
        var e = Assert.Throws<WorldException>(() => ClusterCertificates.Issue(Path.Combine(_cluster.Root, "none"), "web1", false, [], _cluster.Root, 1));
        Assert.Contains("mgmt tls init", e.Message);
    }

    [Fact]
    public void MaterialOfAnotherCaIsRefusedAtLoad()
    {
        using var other = new OtherAuthority();
        var foreign = other.Cluster.Issue("web1");
        var e = Assert.Throws<WorldException>(() => EtcdTls.Load(_cluster.CaFile, foreign.CertFile, foreign.KeyFile));
        Assert.StartsWith("--tls-cert:", e.Message);
        Assert.Contains("is not usable with the CA", e.Message);
    }

    [Fact]
    public void AKeyThatIsNotTheCertificatesIsRefused()
    {
        var a = _cluster.Issue("web1");
        var b = _cluster.Issue("web2");
        var e = Assert.Throws<WorldException>(() => EtcdTls.Load(_cluster.CaFile, a.CertFile, b.KeyFile));
        Assert.StartsWith("--tls-cert/--tls-key:", e.Message);
    }

    [Fact]
    public void MissingFilesNameTheirFlag()
    {
        var e = Assert.Throws<WorldException>(() => EtcdTls.Load(Path.Combine(_cluster.Root, "nope.crt"), "x", "y"));
        Assert.StartsWith("--tls-ca:", e.Message);
    }

    /// <summary>A second, unrelated CA.</summary>
    internal sealed class OtherAuthority : IDisposable
    {
        public TlsTestCluster Cluster { get; } = TlsTestCluster.CreateAuthority();

        public void Dispose() => TempDirs.Remove(Cluster.Root);
    }
}
