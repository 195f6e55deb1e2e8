using System.Text.Json.Nodes;
using Mgmt.Resources.Tests.Cluster;
using Mgmt.Resources.Tests.Support;
using Mgmt.Tests.Support;

namespace Mgmt.Resources.Tests.JsonEdit;

/// <summary>json:edit with its document in the world: over the embedded world and over a real etcd (below).</summary>
public abstract class JsonEditWorldTests : IAsyncLifetime
{
    private TwoHosts _hosts = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<TwoHosts> StartHostsAsync();

    public async ValueTask InitializeAsync() => _hosts = await StartHostsAsync();

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    [Fact]
    public async Task Creates_the_document_with_slashes_in_its_key_and_puts_back_another_host_s_change()
    {
        await using var h = await ResourceHarness<JsonEditResource>.StartAsync(
            new JsonEditResource { Name = "doc", Store = "etcd:///examples/json-edit", Edits = [".[\"host-01\"].state = \"ready\""] }, _hosts.Context(), watch: true);
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Null(await _hosts.Peer.GetStringAsync("examples/json-edit", Ct));
        Assert.Equal(1, await h.ConvergeAsync());
        var doc = JsonNode.Parse((await _hosts.Peer.GetStringAsync("examples/json-edit", Ct))!)!;
        Assert.Equal("ready", (string)doc["host-01"]!["state"]!);

        h.Context.DrainEvents();
        await _hosts.Peer.SetStringAsync("examples/json-edit", """{"host-01": {"state": "down"}, "other": 1}""", Ct);
        Assert.True(await h.Context.WaitForEventAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, await h.ConvergeAsync());
        doc = JsonNode.Parse((await _hosts.Peer.GetStringAsync("examples/json-edit", Ct))!)!;
        Assert.Equal("ready", (string)doc["host-01"]!["state"]!);
        Assert.Equal(1, (int)doc["other"]!);
    }
}

public sealed class EmbeddedJsonEditWorldTests : JsonEditWorldTests
{
    protected override Task<TwoHosts> StartHostsAsync() => TwoHosts.StartAsync();
}

public sealed class EtcdJsonEditWorldTests(EtcdMemberForTests etcd) : JsonEditWorldTests, IClassFixture<EtcdMemberForTests>
{
    protected override Task<TwoHosts> StartHostsAsync() => TwoHosts.StartOnEtcdAsync(etcd.ClientUrl);
}
