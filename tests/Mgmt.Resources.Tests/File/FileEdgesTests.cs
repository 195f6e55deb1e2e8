using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileEdgesTests
{
    [Fact]
    public void AFileIsKnownByItsPath()
    {
        Assert.Equal([new ResourceUid("file", "/a/b/c")], new FileResource { Name = "/a/b/c" }.Uids());
        Assert.Equal([new ResourceUid("file", "/a/b/")], new FileResource { Name = "x", Path = "/a/b/" }.Uids());
    }

    [Fact]
    public void ParentsAreSoughtNearestFirstAndStopAtTheFirstMatch()
    {
        var seeks = new FileResource { Name = "/a/b/c" }.AutoEdges().ToList();
        Assert.Equal(["/a/b/", "/a/", "/"], seeks.Select(s => s.Candidates.Single().Key));
        Assert.All(seeks, s => Assert.True(s.StopWhenFound));
        Assert.All(seeks, s => Assert.False(s.Reversed));
    }

    [Fact]
    public void FragmentsSourceOwnerAndGroupComeBeforeTheParents()
    {
        var seeks = new FileResource { Name = "/a/f", Fragments = ["/x", "/y/"], Owner = "alice", Group = "staff" }.AutoEdges().ToList();
        Assert.Equal([new ResourceUid("file", "/x"), new ResourceUid("file", "/y/")], seeks[0].Candidates);
        Assert.False(seeks[0].StopWhenFound);
        Assert.Equal(new ResourceUid("user", "alice"), seeks[1].Candidates.Single());
        Assert.Equal(new ResourceUid("group", "staff"), seeks[2].Candidates.Single());
        Assert.Equal(new ResourceUid("file", "/a/"), seeks[3].Candidates.Single());

        var copy = new FileResource { Name = "/a/f", Source = "/src/file" }.AutoEdges().First();
        Assert.Equal(new ResourceUid("file", "/src/file"), copy.Candidates.Single());
    }
}
