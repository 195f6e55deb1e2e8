using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.User;

public sealed class AccountEdgesTests
{
    [Fact]
    public void An_existing_user_comes_after_every_group_it_names()
    {
        var user = new UserResource { Name = "alice", State = "exists", Uid = 1500, Group = "staff", Groups = ["audio", "video"] };
        var seeks = user.AutoEdges().ToList();
        Assert.Equal(["staff", "audio", "video"], seeks.Select(s => Assert.Single(s.Candidates).Key));
        Assert.All(seeks, s => Assert.Equal("group", s.Candidates[0].Kind));
        Assert.All(seeks, s => Assert.False(s.Reversed));
        Assert.Equal([new ResourceUid("user", "alice"), new ResourceUid("user", "1500")], user.Uids());
    }

    [Fact]
    public void A_deleted_user_goes_before_its_groups()
    {
        var user = new UserResource { Name = "alice", State = "absent", Gid = 100 };
        var seek = Assert.Single(user.AutoEdges());
        Assert.True(seek.Reversed);
        Assert.Equal(new ResourceUid("group", "100"), seek.Candidates[0]);
    }

    [Fact]
    public void A_group_is_found_by_name_and_by_gid()
    {
        Assert.Equal([new ResourceUid("group", "staff"), new ResourceUid("group", "50")], new GroupResource { Name = "staff", State = "exists", Gid = 50 }.Uids());
        Assert.Empty(new GroupResource { Name = "staff", State = "exists" }.AutoEdges());
    }

    [Fact]
    public void Commands_and_files_find_their_user_and_group()
    {
        var exec = new ExecResource { Name = "x", Cmd = "/bin/true", User = "alice", Group = "staff" };
        var seeks = exec.AutoEdges().SelectMany(s => s.Candidates).ToList();
        Assert.Contains(new ResourceUid("user", "alice"), seeks);
        Assert.Contains(new ResourceUid("group", "staff"), seeks);
        var file = new FileResource { Name = "/tmp/x", Owner = "alice", Group = "staff" };
        Assert.Contains(new ResourceUid("user", "alice"), file.AutoEdges().SelectMany(s => s.Candidates));
    }
}
