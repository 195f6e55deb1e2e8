using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Contract;

public abstract partial class WorldContractTests
{
    [Fact]
    public async Task Membership_ListsLiveHostsAndFollowsArrivalsAndDepartures()
    {
        var a = await StartHostAsync("a");
        await using var probe = new WatchProbe<IReadOnlyList<HostInfo>>(ct => a.WatchHostsAsync(ct));
        await probe.WaitForAsync(h => h.Select(x => x.Hostname).SequenceEqual(["a"]), what: "only a");
        var b = await StartHostAsync("b");
        await probe.WaitForAsync(h => h.Select(x => x.Hostname).SequenceEqual(["a", "b"]), what: "a and b");
        var hosts = await b.GetHostsAsync(Ct);
        Assert.Equal(["a", "b"], hosts.Select(h => h.Hostname));
        Assert.All(hosts, h => Assert.Equal(Environment.ProcessId, h.ProcessId));
        Assert.NotEqual(hosts[0].InstanceId, hosts[1].InstanceId);
        await b.DisposeAsync();
        await probe.WaitForAsync(h => h.Select(x => x.Hostname).SequenceEqual(["a"]), TimeSpan.FromSeconds(5), "b gone at its clean leave");
    }

    [Fact]
    public async Task Membership_RefusesASecondAgentWithTheSameHostname()
    {
        var first = await StartHostAsync("twin");
        var e = await Assert.ThrowsAsync<HostnameInUseException>(() => ConnectAsync("twin", Ct));
        Assert.Contains("\"twin\" is already used", e.Message);
        Assert.Contains("--hostname", e.Message);
        // The refused agent wrote nothing: the first one still holds its presence.
        Assert.Equal(["twin"], (await first.GetHostsAsync(Ct)).Select(h => h.Hostname));
        await first.DisposeAsync();
        var second = await StartHostAsync("twin");
        Assert.Equal(["twin"], (await second.GetHostsAsync(Ct)).Select(h => h.Hostname));
    }

    [Fact]
    public async Task Leases_ACrashedHostsDataDisappearsAfterItsTtl()
    {
        var survivor = await StartHostAsync("survivor");
        var doomed = await StartHostAsync("doomed");
        await doomed.SetMapValueAsync("words", "last words", Ct);
        await doomed.ExportAsync([new ExportedResource("file", "/x", "doomed", "*", "p")], Ct);
        await doomed.JoinScheduleAsync("job", new ScheduleOptions { Ttl = Ttl }, Ct);
        await doomed.SetStringAsync("global", "stays", Ct);
        Assert.Equal(["doomed"], (await survivor.GetScheduleAsync("job", Ct)).Elected);

        await CrashAsync(doomed);
        // Right after the crash nothing has expired yet: the TTL is the grace period.
        Assert.Contains("doomed", (await survivor.GetHostsAsync(Ct)).Select(h => h.Hostname));

        await Eventually.TrueAsync(async () =>
            !(await survivor.GetHostsAsync(Ct)).Any(h => h.Hostname == "doomed")
            && (await survivor.GetMapAsync("words", Ct)).Count == 0
            && (await survivor.CollectAsync(ExportFilter.All, Ct)).Count == 0
            && (await survivor.GetScheduleAsync("job", Ct)).Candidates.Count == 0,
            ExpiryWait, "the crashed host's presence, map entry, export and candidacy to expire");
        Assert.Equal("stays", await survivor.GetStringAsync("global", Ct));
    }

    [Fact]
    public async Task Leases_ALiveHostKeepsItsDataPastManyTtls()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        await a.SetMapValueAsync("m", "v", Ct);
        await Task.Delay(Ttl * 2.5, Ct);
        Assert.Equal("v", (await b.GetMapAsync("m", Ct))["a"]);
        Assert.Contains("a", (await b.GetHostsAsync(Ct)).Select(h => h.Hostname));
    }

    [Fact]
    public async Task Keys_ThatTheLayoutCannotHoldAreRefusedClearly()
    {
        var a = await StartHostAsync("a");
        // A shared string key may hold '/' between parts; a map key, and an empty part, may not.
        var slash = await Assert.ThrowsAsync<WorldKeyException>(() => a.SetMapValueAsync("app/config", "v", Ct));
        Assert.Contains("'/'", slash.Message);
        Assert.Contains("app/config", slash.Message);
        var empty = await Assert.ThrowsAsync<WorldKeyException>(() => a.SetStringAsync("app//config", "v", Ct));
        Assert.Contains("empty part", empty.Message);
        var newline = await Assert.ThrowsAsync<WorldKeyException>(() => a.SetMapValueAsync("a\nb", "v", Ct));
        Assert.Contains("newline", newline.Message);
        await Assert.ThrowsAsync<WorldKeyException>(() => a.GetStringAsync("", Ct));
        await Assert.ThrowsAsync<WorldKeyException>(() => a.GetMapAsync("..", Ct));
        await Assert.ThrowsAsync<WorldKeyException>(() => a.SetStringAsync(new string('k', 2000), "v", Ct));
        await Assert.ThrowsAsync<WorldKeyException>(() => a.JoinScheduleAsync("ns/sub", new ScheduleOptions(), Ct));
        var kind = await Assert.ThrowsAsync<WorldKeyException>(() => a.ExportAsync([new ExportedResource("File/x", "n", "a", "*", "p")], Ct));
        Assert.Contains("kind", kind.Message);
        await Assert.ThrowsAsync<WorldKeyException>(() => a.ExportAsync([new ExportedResource("file", "n", "a", "bad host", "p")], Ct));
        await Assert.ThrowsAsync<WorldKeyException>(() => a.ExportAsync([new ExportedResource("file", "", "a", "*", "p")], Ct));
        var host = await Assert.ThrowsAsync<WorldKeyException>(() => ConnectAsync("no/slash", Ct));
        Assert.Contains("hostname", host.Message);
        Assert.Throws<WorldKeyException>(() => a.WatchStringAsync("x/", Ct));
        var big = await Assert.ThrowsAsync<WorldKeyException>(() => a.SetStringAsync("big", new string('x', WorldKeys.MaxValueBytes + 1), Ct));
        Assert.Contains("at most", big.Message);
        Assert.True(await a.SetStringAsync("big", new string('x', WorldKeys.MaxValueBytes), Ct));
        Assert.Equal(WorldKeys.MaxValueBytes, (await a.GetStringAsync("big", Ct))!.Length);
        // A name with slashes is fine for an exported resource: it is the last part of its key.
        Assert.True(await a.ExportAsync([new ExportedResource("file", "/etc/nested/name", "a", "*", "p")], Ct));
        Assert.Equal("/etc/nested/name", (await a.CollectAsync(ExportFilter.All, Ct)).Single().Name);
        // Unicode is fine.
        Assert.True(await a.SetStringAsync("clé-été", "valeur", Ct));
        Assert.Equal("valeur", await a.GetStringAsync("clé-été", Ct));
    }
}
