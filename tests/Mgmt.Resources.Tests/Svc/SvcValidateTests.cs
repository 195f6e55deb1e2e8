using Mgmt.Engine.Resources;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources.Tests.Svc;

public sealed class SvcValidateTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("running", "enabled")]
    [InlineData("stopped", "disabled")]
    public void Accepted_states_and_startups_validate(string state, string startup)
    {
        new SvcResource { Name = "nginx", State = state, Startup = startup }.Validate();
    }

    [Fact]
    public void An_unknown_state_is_refused_with_the_choices()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new SvcResource { Name = "nginx", State = "started" }.Validate());
        Assert.Equal("state must be 'running', 'stopped' or left empty, not 'started'", e.Message);
    }

    [Fact]
    public void An_unknown_startup_is_refused_with_the_choices()
    {
        var e = Assert.Throws<ResourceValidationException>(() => new SvcResource { Name = "nginx", Startup = "boot" }.Validate());
        Assert.Equal("startup must be 'enabled', 'disabled' or left empty, not 'boot'", e.Message);
    }

    [Theory]
    [InlineData("my service", "contains ' '")]
    [InlineData("a/b", "contains '/'")]
    public void A_name_systemd_would_refuse_is_refused(string name, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new SvcResource { Name = name }.Validate());
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("nginx", "nginx.service")]
    [InlineData("nginx.service", "nginx.service")]
    [InlineData("docker.socket", "docker.socket")]
    [InlineData("getty@tty1", "getty@tty1.service")]
    [InlineData("my.app", "my.app.service")]
    public void The_unit_is_the_name_as_a_service_unless_it_names_its_type(string name, string unit)
    {
        Assert.Equal(unit, new SvcResource { Name = name }.UnitName);
    }

    [Fact]
    public void It_is_found_by_its_unit_and_a_user_unit_is_told_apart()
    {
        Assert.Equal([new ResourceUid("svc", "nginx.service")], new SvcResource { Name = "nginx" }.Uids());
        Assert.Equal([new ResourceUid("svc", "user:nginx.service")], new SvcResource { Name = "nginx", Session = true }.Uids());
    }

    [Fact]
    public void It_comes_after_its_unit_file_its_package_and_the_timer_that_starts_it()
    {
        var seeks = new SvcResource { Name = "nginx" }.AutoEdges().ToList();

        var candidates = seeks.SelectMany(s => s.Candidates).ToList();
        Assert.Contains(new ResourceUid("file", "/etc/systemd/system/nginx.service"), candidates);
        Assert.Contains(new ResourceUid("file", "/usr/lib/systemd/system/nginx.service"), candidates);
        Assert.Contains(new ResourceUid("file", "/lib/systemd/system/nginx.service"), candidates);
        Assert.Contains(new ResourceUid("cron", "nginx.service"), candidates);
        Assert.All(seeks, s => Assert.False(s.Reversed));
        // Each kind of predecessor is found independently of the others.
        Assert.All(seeks, s => Assert.False(s.StopWhenFound));
    }

    [Theory]
    [InlineData("nginx.service", "/org/freedesktop/systemd1/unit/nginx_2eservice")]
    [InlineData("getty@tty1.service", "/org/freedesktop/systemd1/unit/getty_40tty1_2eservice")]
    [InlineData("1st-thing.service", "/org/freedesktop/systemd1/unit/_31st_2dthing_2eservice")]
    public void Unit_object_paths_are_escaped_as_systemd_escapes_them(string unit, string path)
    {
        Assert.Equal(path, UnitNames.ObjectPath(unit));
    }

    [Fact]
    public void Settings_prefix_unit_file_paths_with_the_root_directory()
    {
        var settings = new SystemdSettings { RootDirectory = "/proc/42/root" };
        Assert.Equal("/proc/42/root/etc/systemd/system/x.service", settings.HostPath("/etc/systemd/system/x.service"));
        Assert.Equal("/etc/x", new SystemdSettings().HostPath("/etc/x"));
        Assert.Equal(SystemdSettings.DefaultSystemBusAddress, new SystemdSettings().AddressOf(SystemdScope.System));
        Assert.Equal("unix:path=/tmp/bus", new SystemdSettings { SessionBusAddress = "unix:path=/tmp/bus" }.AddressOf(SystemdScope.User));
    }
}
