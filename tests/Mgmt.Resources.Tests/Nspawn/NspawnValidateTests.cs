using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Nspawn;

public sealed class NspawnValidateTests
{
    [Fact]
    public void The_state_defaults_to_running_as_in_the_reference()
    {
        Assert.Equal("running", new NspawnResource { Name = "web" }.State);
    }

    [Theory]
    [InlineData("running")]
    [InlineData("stopped")]
    public void Accepted_states_validate(string state)
    {
        new NspawnResource { Name = "web", State = state }.Validate();
    }

    [Theory]
    [InlineData("")]
    [InlineData("started")]
    public void Another_state_is_refused_with_the_choices(string state)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new NspawnResource { Name = "web", State = state }.Validate());
        Assert.Equal($"state must be 'running' or 'stopped', not '{state}'", e.Message);
    }

    [Theory]
    [InlineData("web-1")]
    [InlineData("db_2.example")]
    [InlineData("a")]
    public void Host_names_are_machine_names(string name)
    {
        new NspawnResource { Name = name }.Validate();
    }

    [Theory]
    [InlineData("my machine", "contains ' '")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("a..b", "empty part between dots")]
    [InlineData(".hidden", "empty part between dots")]
    [InlineData("-web", "starts with '-'")]
    public void A_name_machined_would_refuse_is_refused(string name, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new NspawnResource { Name = name }.Validate());
        Assert.StartsWith("the name is not a machine name", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_name_longer_than_64_characters_is_refused()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new NspawnResource { Name = new string('m', 65) }.Validate());
        Assert.Contains("longer than 64 characters", e.Message);
    }

    [Fact]
    public void The_unit_is_the_nspawn_template_with_the_name_as_machinectl_builds_it()
    {
        Assert.Equal("systemd-nspawn@web-1.service", new NspawnResource { Name = "web-1" }.UnitName);
    }

    [Fact]
    public void It_comes_after_its_image_directory_and_its_settings_file()
    {
        var resource = new NspawnResource { Name = "web" };
        var candidates = resource.AutoEdges().SelectMany(s => s.Candidates).ToList();
        Assert.Contains(new ResourceUid("file", "/var/lib/machines/web/"), candidates);
        Assert.Contains(new ResourceUid("file", "/etc/systemd/nspawn/web.nspawn"), candidates);
        Assert.Equal([new ResourceUid("nspawn", "web")], resource.Uids());
    }
}
