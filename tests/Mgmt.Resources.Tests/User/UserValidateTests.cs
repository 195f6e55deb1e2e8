using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.User;

public sealed class UserValidateTests
{
    [Theory]
    [InlineData("alice", "exists")]
    [InlineData("_svc-1", "absent")]
    public void Accepts_valid_users(string name, string state) => new UserResource { Name = name, State = state }.Validate();

    [Theory]
    [InlineData("Alice", "exists", null, null, "not a valid user name")]
    [InlineData("alice", "", null, null, "state must be 'exists' or 'absent'")]
    [InlineData("alice", "present", null, null, "not 'present'")]
    [InlineData("alice", "exists", "relative/home", null, "homedir 'relative/home' must be an absolute path")]
    [InlineData("alice", "exists", null, "bash", "shell 'bash' must be an absolute path")]
    public void Refuses_what_the_tools_would_refuse(string name, string state, string? home, string? shell, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(new UserResource { Name = name, State = state, HomeDir = home, Shell = shell }.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gid_and_group_cannot_both_name_the_primary_group()
    {
        var e = Assert.Throws<ResourceValidationException>(new UserResource { Name = "a1", State = "exists", Gid = 10, Group = "wheel" }.Validate);
        Assert.Contains("set only one", e.Message, StringComparison.Ordinal);
        Assert.Throws<ResourceValidationException>(new UserResource { Name = "a1", State = "exists", Groups = ["ok", "Not OK"] }.Validate);
    }

    [Fact]
    public void Groups_need_a_state_and_a_valid_name()
    {
        Assert.Throws<ResourceValidationException>(new GroupResource { Name = "staff" }.Validate);
        Assert.Throws<ResourceValidationException>(new GroupResource { Name = "Staff", State = "exists" }.Validate);
        new GroupResource { Name = "staff", State = "absent", Gid = 50 }.Validate();
    }
}
