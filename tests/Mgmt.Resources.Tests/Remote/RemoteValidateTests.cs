using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Remote;

/// <summary>
/// The remote kind's parameters: addresses, keys and the combinations it refuses. (The SSH part runs against a real
/// sshd in Mgmt.Cli.Tests' RemoteResourceTests.)
/// </summary>
public sealed class RemoteValidateTests
{
    // An ed25519 public key (the type name, then 32 bytes of key), as known_hosts holds it.
    private static readonly string HostKey = Convert.ToBase64String([0, 0, 0, 11, .. "ssh-ed25519"u8.ToArray(), 0, 0, 0, 32, .. new byte[32]]);

    [Theory]
    [InlineData("ssh://root:secret@host:22", "password")]
    [InlineData("http://host", "not an SSH address")]
    public void Bad_addresses_are_refused(string address, string expected) =>
        Assert.Contains(expected, Assert.Throws<ResourceValidationException>(new RemoteResource { Name = address }.Validate).Message);

    [Fact]
    public void Good_addresses_and_a_host_key_pass_and_the_key_becomes_a_known_hosts_line()
    {
        new RemoteResource { Name = "host", HostKey = HostKey }.Validate();
        new RemoteResource { Name = "r", Remote = "admin@[::1]:2222" }.Validate();
        var target = SshTarget.Parse("ssh://admin@10.0.0.1:2222");
        Assert.Equal(("admin", "10.0.0.1", 2222), (target.User, target.Host, target.Port));
        Assert.Equal($"[10.0.0.1]:2222 ssh-ed25519 {HostKey}\n", target.KnownHostsLine(HostKey));
        Assert.Equal(("root", 22), (SshTarget.Parse("example.org").User, SshTarget.Parse("example.org").Port));
    }

    [Fact]
    public void Combinations_that_cannot_work_are_refused()
    {
        Assert.Contains("transient", Assert.Throws<ResourceValidationException>(new RemoteResource { Name = "h", Transient = false }.Validate).Message);
        Assert.Contains("tunnel_addr", Assert.Throws<ResourceValidationException>(new RemoteResource { Name = "h", TunnelAddr = "localhost" }.Validate).Message);
        Assert.Contains("hostkey", Assert.Throws<ResourceValidationException>(new RemoteResource { Name = "h", HostKey = "bm90IGEga2V5" }.Validate).Message);
        Assert.Contains("state", Assert.Throws<ResourceValidationException>(new RemoteResource { Name = "h", State = "up" }.Validate).Message);
        Assert.Contains("seed", Assert.Throws<ResourceValidationException>(new RemoteResource { Name = "h", Seeds = "etcd:2379" }.Validate).Message);
        // Without a tunnel, a remote agent that outlives this resource is fine.
        new RemoteResource { Name = "h", Transient = false, Tunnelled = false }.Validate();
    }
}
