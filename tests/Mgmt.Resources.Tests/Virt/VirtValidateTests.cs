using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;

namespace Mgmt.Resources.Tests.VirtResources;

public sealed class VirtValidateTests
{
    private static VirtResource Valid() => new() { Name = "vm", Uri = "test:///default", State = "running", Cpus = 1, Memory = 65536 };

    [Fact]
    public void Defaults_follow_the_reference()
    {
        var r = new VirtResource();
        Assert.Equal(32U, r.MaxCpus);
        Assert.True(r.HotCpus);
        Assert.Equal("error", r.RestartOnDiverge);
        Assert.False(r.Transient);
        Valid().Validate();
    }

    [Theory]
    [InlineData("stopped", "state 'stopped' is not one of running, paused, shutoff")]
    [InlineData("RUNNING", "state 'RUNNING' is not one of")]
    public void An_unknown_state_is_refused(string state, string message)
    {
        var r = Valid();
        r.State = state;
        Assert.Contains(message, Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpus_and_memory_must_make_a_machine()
    {
        var r = Valid();
        r.Cpus = 33;
        Assert.Equal("cpus (33) must not be greater than maxcpus (32)", Assert.Throws<ResourceValidationException>(r.Validate).Message);
        r.Cpus = 0;
        Assert.Equal("cpus must be at least 1", Assert.Throws<ResourceValidationException>(r.Validate).Message);
        r.Cpus = 1;
        r.Memory = 0;
        Assert.StartsWith("memory must be given, in KiB", Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absent_domain_needs_no_size()
    {
        var r = new VirtResource { Name = "gone", Uri = "test:///default", State = "shutoff", Transient = true };
        r.Validate();
        Assert.True(r.Absent);
    }

    [Fact]
    public void Policies_and_boot_devices_are_checked()
    {
        var r = Valid();
        r.RestartOnDiverge = "always";
        Assert.Equal("restartondiverge 'always' is not one of ignore, ifneeded, error", Assert.Throws<ResourceValidationException>(r.Validate).Message);
        r = Valid();
        r.Boot = ["hd", "usb"];
        Assert.Equal("boot device 'usb' is not one of fd, hd, cdrom, network", Assert.Throws<ResourceValidationException>(r.Validate).Message);
    }

    [Fact]
    public void Devices_are_checked_one_by_one()
    {
        var r = Valid();
        r.Disk = Images(("/var/lib/vm.qcow2", "qcow2"), ("vm2.img", "raw"));
        Assert.Equal("disk 1: source 'vm2.img' must be an absolute path (or start with ~/)", Assert.Throws<ResourceValidationException>(r.Validate).Message);

        r = Valid();
        r.Network = Networks(("default", "52:54:00:zz:00:01"));
        Assert.Contains("mac '52:54:00:zz:00:01' is not a MAC address", Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
        r.Network = Networks(("", ""));
        Assert.StartsWith("network 0: name is empty", Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
        r.Network = Networks(("default", ""), ("default", "52:54:00:ab:cd:ef"));
        r.Validate();

        r = Valid();
        r.Filesystem = Filesystem("rw", "/srv/share", "share");
        Assert.Equal("filesystem 0: access 'rw' is not one of passthrough, mapped, squash (or empty)", Assert.Throws<ResourceValidationException>(r.Validate).Message);
        r.Filesystem = Filesystem("mapped", "/srv/share", "");
        Assert.StartsWith("filesystem 0: target is empty", Assert.Throws<ResourceValidationException>(r.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_needs_a_user_name_and_hides_the_password()
    {
        var r = Valid();
        r.Auth = Auth("", "pw");
        Assert.Equal("auth needs a username (or leave auth out)", Assert.Throws<ResourceValidationException>(r.Validate).Message);
        r.Auth = Auth("admin", "hunter2");
        r.Validate();
        Assert.Equal("admin", r.Credentials!.Username);
        Assert.DoesNotContain("hunter2", r.Credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_parameters_have_the_reference_names_and_types()
    {
        var d = ResourceKinds.CreateRegistry().Find("virt")!;
        Assert.Equal("[]struct{source str; type str}", d.FindParam("disk")!.Type.ToString());
        Assert.Equal("[]struct{name str; mac str}", d.FindParam("network")!.Type.ToString());
        Assert.Equal("struct{username str; password str}", d.FindParam("auth")!.Type.ToString());
        foreach (var name in new[] { "uri", "state", "transient", "cpus", "maxcpus", "hotcpus", "memory", "osinit", "boot", "cdrom", "filesystem", "restartondiverge", "restartonrefresh" })
        {
            Assert.NotNull(d.FindParam(name));
        }
    }

    [Fact]
    public void It_comes_after_the_files_it_uses()
    {
        var r = Valid();
        r.Disk = Images(("/var/lib/images/vm.qcow2", "qcow2"));
        r.Filesystem = Filesystem("mapped", "/srv/share", "share");
        var wanted = r.AutoEdges().SelectMany(s => s.Candidates).ToList();
        Assert.Equal([new ResourceUid("file", "/var/lib/images/vm.qcow2"), new ResourceUid("file", "/srv/share/")], wanted);
        Assert.Equal([new ResourceUid("virt", "vm")], r.Uids());
    }

    internal static Value Images(params (string Source, string Type)[] images) =>
        List("struct{source str; type str}", images.Select(i => Struct("struct{source str; type str}", Value.Str(i.Source), Value.Str(i.Type))));

    internal static Value Networks(params (string Name, string Mac)[] cards) =>
        List("struct{name str; mac str}", cards.Select(c => Struct("struct{name str; mac str}", Value.Str(c.Name), Value.Str(c.Mac))));

    internal static Value Filesystem(string access, string source, string target, bool readOnly = false)
    {
        const string type = "struct{access str; source str; target str; read_only bool}";
        return List(type, [Struct(type, Value.Str(access), Value.Str(source), Value.Str(target), Value.Bool(readOnly))]);
    }

    private static Value Auth(string user, string password) =>
        Struct("struct{username str; password str}", Value.Str(user), Value.Str(password));

    private static StructValue Struct(string type, params Value[] fields) => new((StructType)DataType.Parse(type), [.. fields]);

    private static ListValue List(string element, IEnumerable<Value> items) =>
        new((ListType)DataType.Parse($"[]{element}"), [.. items]);
}
