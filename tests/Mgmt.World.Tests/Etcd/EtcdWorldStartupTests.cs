using Mgmt.World.Etcd;

namespace Mgmt.World.Tests.Etcd;

/// <summary>Start-up mistakes of a client agent: each is one clear message, quickly.</summary>
public sealed class EtcdWorldStartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnreachableSeedsAreReportedWithWhatToCheck()
    {
        var url = $"http://127.0.0.1:{PortProbe.FreeLoopbackPort()}"; // nothing listens there
        var e = await Assert.ThrowsAsync<WorldUnavailableException>(() => EtcdWorld.ConnectAsync(new EtcdWorldOptions
        {
            Hostname = "a",
            Endpoints = [url],
            OperationTimeout = TimeSpan.FromSeconds(1),
            CallTimeout = TimeSpan.FromMilliseconds(300),
        }, Ct));
        Assert.Contains($"could not reach etcd at {url}", e.Message);
        Assert.Contains("--seeds", e.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:2379", "not a URL")]
    [InlineData("ftp://127.0.0.1:2379", "not a URL")]
    [InlineData("http://127.0.0.1", "has no port")]
    [InlineData("http://127.0.0.1:2379/v3", "has a path")]
    public async Task MalformedSeedsAreRefusedBeforeConnecting(string seed, string expected)
    {
        var e = await Assert.ThrowsAsync<WorldException>(() => EtcdWorld.ConnectAsync(new EtcdWorldOptions { Hostname = "a", Endpoints = [seed] }, Ct));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("--seeds:", e.Message);
    }

    [Fact]
    public void SeedListsSplitOnCommasSemicolonsAndSpaces() =>
        Assert.Equal(["http://a:1", "http://b:2", "http://c:3"], EtcdUrls.Split("http://a:1,http://b:2; http://c:3"));
}
