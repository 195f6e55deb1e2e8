using Mgmt.World.Core;
using Mgmt.World.Store;

namespace Mgmt.World.Tests;

public sealed class ScheduleComputationTests
{
    private const string Area = "/mgmt/c/scheduler/";

    private static StoreEntry Candidate(string host, long joined, string json, string ns = "ns") => new(Area + host + "/" + ns, json, joined, joined, 0);

    [Fact]
    public void EveryHostComputesTheSameListFromTheSameRegistrations()
    {
        var options = "{\"strategy\":\"rr\",\"max\":2,\"ttlSeconds\":null,\"persist\":false}";
        // A registration of another namespace (even an older one) is not a candidate here.
        StoreEntry[] entries = [Candidate("zed", 5, options), Candidate("amy", 9, options), Candidate("bob", 7, options), Candidate("old", 1, options, "other")];
        var one = ScheduleComputation.Compute(entries, Area, "ns");
        var other = ScheduleComputation.Compute(entries.Reverse(), Area, "ns");
        Assert.Equal(["zed", "bob"], one.Elected);
        Assert.Equal(one.Elected, other.Elected);
        Assert.Equal(["zed", "bob", "amy"], one.Candidates);
    }

    [Fact]
    public void TheFirstCandidatesOptionsApplyAndADamagedRegistrationStillCounts()
    {
        StoreEntry[] entries =
        [
            Candidate("b", 3, "{\"strategy\":\"alpha\",\"max\":1,\"ttlSeconds\":4,\"persist\":true}"),
            Candidate("a", 4, "not json"),
        ];
        var state = ScheduleComputation.Compute(entries, Area, "ns");
        Assert.Equal(["a"], state.Elected);
        Assert.Equal(ScheduleStrategy.Alphabetical, state.Options!.Strategy);
        Assert.Equal(TimeSpan.FromSeconds(4), state.Options.Ttl);
        Assert.True(state.Options.Persist);
        Assert.Equal(["b", "a"], state.Candidates);
    }

    [Fact]
    public void NoCandidateElectsNobody()
    {
        var state = ScheduleComputation.Compute([], Area, "ns");
        Assert.Empty(state.Elected);
        Assert.Null(state.Options);
    }

    [Fact]
    public void StrategyNamesAreParsedWithAClearErrorForUnknownOnes()
    {
        Assert.Equal(ScheduleStrategy.RoundRobin, ScheduleOptions.ParseStrategy(""));
        Assert.Equal(ScheduleStrategy.Alphabetical, ScheduleOptions.ParseStrategy("alpha"));
        var e = Assert.Throws<ArgumentException>(() => ScheduleOptions.ParseStrategy("random"));
        Assert.Contains("\"rr\"", e.Message);
        Assert.Throws<ArgumentException>(() => new ScheduleOptions { Ttl = TimeSpan.FromMilliseconds(10) }.Validate());
    }
}
