using Mgmt.World.Core;
using Mgmt.World.Deploys;
using Mgmt.World.Store;
using Mgmt.World.Tests.Support;

namespace Mgmt.World.Tests.Contract;

public abstract partial class WorldContractTests
{
    private static DeployArea Deploys(IWorld world) => ((StoreWorld)world).Deploys;

    [Fact]
    public async Task Deploys_TheHistoryIsALineThatOnlyGrows()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        await using var latest = new WatchProbe<ulong>(ct => Deploys(b).WatchLatestAsync(ct));
        await latest.WaitForAsync(id => id == 0, what: "no deploy yet");

        Assert.Equal(AppendOutcome.RequiredKeyMissing, await Deploys(a).AppendAsync(new StoredDeploy(2, "two", null), Ct)); // 1 is missing
        Assert.Equal(AppendOutcome.Created, await Deploys(a).AppendAsync(new StoredDeploy(1, "one", "sig"), Ct));
        Assert.Equal(AppendOutcome.KeyExists, await Deploys(b).AppendAsync(new StoredDeploy(1, "other", null), Ct)); // lost race
        Assert.Equal(AppendOutcome.Created, await Deploys(b).AppendAsync(new StoredDeploy(2, "two", null), Ct));
        await latest.WaitForAsync(id => id == 2, what: "deploy 2");

        Assert.Equal(2UL, await Deploys(a).LatestIdAsync(Ct));
        Assert.Equal(new StoredDeploy(1, "one", "sig"), await Deploys(a).GetAsync(1, Ct));
        Assert.Null(await Deploys(a).GetAsync(3, Ct));
        Assert.Equal([1UL, 2UL], (await Deploys(a).ListAsync(Ct)).Select(d => d.Id));
    }

    [Fact]
    public async Task Deploys_BlobsAreStoredOnceAndRolloutDecisionsAreMadeOnce()
    {
        var a = await StartHostAsync("a");
        var b = await StartHostAsync("b");
        var hash = new string('e', 64);
        Assert.True(await Deploys(a).PutBlobIfNewAsync(hash, [1, 2, 3], Ct));
        Assert.False(await Deploys(b).PutBlobIfNewAsync(hash, [9], Ct));
        Assert.Equal([1, 2, 3], await Deploys(b).GetBlobAsync(hash, Ct));
        Assert.Null(await Deploys(b).GetBlobAsync(new string('f', 64), Ct));

        await Deploys(a).FollowAsync(Ct);
        await Deploys(b).FollowAsync(Ct);
        Assert.Equal(["a", "b"], await Deploys(a).FollowersAsync(Ct));
        await Deploys(a).ReportAsync(7, "ready", Ct);
        await Deploys(b).ReportAsync(7, "failed: no", Ct);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "ready", ["b"] = "failed: no" }, await Deploys(a).AnswersAsync(7, Ct));

        await using var decision = new WatchProbe<string?>(ct => Deploys(a).WatchDecisionAsync(7, ct));
        Assert.Equal("abort: b", await Deploys(b).DecideAsync(7, "abort: b", Ct));
        Assert.Equal("abort: b", await Deploys(a).DecideAsync(7, "switch", Ct)); // the first decision stands
        await decision.WaitForAsync(d => d == "abort: b", what: "the decision");

        // Answers and following hang on the host's session.
        await b.DisposeAsync();
        Assert.Equal(["a"], await Deploys(a).FollowersAsync(Ct));
        Assert.Equal(["a"], (await Deploys(a).AnswersAsync(7, Ct)).Keys);
    }

    [Fact]
    public async Task Deploys_PruningKeepsTheNewestAndTheFilesTheyName()
    {
        var a = await StartHostAsync("a");
        string Hash(char c) => new(c, 64);
        for (var id = 1UL; id <= 4; id++)
        {
            await Deploys(a).PutBlobIfNewAsync(Hash((char)('a' + (int)id)), [(byte)id], Ct);
            await Deploys(a).AppendAsync(new StoredDeploy(id, Hash((char)('a' + (int)id)), null), Ct);
        }
        // Here a record's "files" are its text: deploys 3 and 4 are kept, with their blobs.
        var (records, blobs) = await Deploys(a).PruneAsync(2, record => [record], Ct);
        Assert.Equal((2, 2), (records, blobs));
        Assert.Equal([3UL, 4UL], (await Deploys(a).ListAsync(Ct)).Select(d => d.Id));
        Assert.Null(await Deploys(a).GetBlobAsync(Hash('b'), Ct));
        Assert.NotNull(await Deploys(a).GetBlobAsync(Hash('d'), Ct));
        // The line goes on after pruning.
        Assert.Equal(AppendOutcome.Created, await Deploys(a).AppendAsync(new StoredDeploy(5, "five", null), Ct));
    }
}
