namespace Mgmt.Resources.Tests.SimpleKinds;

public sealed class ResourceKindsTests
{
    [Fact]
    public void The_registry_has_every_kind_and_builds_each_one()
    {
        var registry = ResourceKinds.CreateRegistry();
        foreach (var kind in new[] { "augeas", "config:etcd", "cron", "deploy:tar", "dhcp:host", "dhcp:range", "dhcp:server", "docker:container", "docker:image", "exec", "exit", "file", "firewalld", "group", "gsettings", "gzip", "host", "hostname", "http:client", "http:server", "http:server:file", "http:server:flag", "http:server:proxy", "http:server:ui", "http:server:ui:input", "json:edit", "kv", "line", "mount", "msg", "net", "noop", "nspawn", "password", "pippet", "pkg", "print", "remote", "schedule", "ssh:authorized_key", "svc", "sysctl", "tar", "test", "tftp:file", "tftp:server", "timer", "user", "value", "virt", "virt:network", "virt:network:host", "virt:network:range" })
        {
            var r = registry.Create(kind, "x");
            Assert.Equal(kind, r.Kind);
            Assert.Equal($"{kind}[x]", r.ToString());
        }
    }

    [Fact]
    public void Every_registered_kind_is_known_here()
    {
        Assert.Equal(["augeas", "config:etcd", "cron", "deploy:tar", "dhcp:host", "dhcp:range", "dhcp:server", "docker:container", "docker:image", "exec", "exit", "file", "firewalld", "group", "gsettings", "gzip", "host", "hostname", "http:client", "http:server", "http:server:file", "http:server:flag", "http:server:proxy", "http:server:ui", "http:server:ui:input", "json:edit", "kv", "line", "mount", "msg", "net", "noop", "nspawn", "password", "pippet", "pkg", "print", "remote", "schedule", "ssh:authorized_key", "svc", "sysctl", "tar", "test", "tftp:file", "tftp:server", "timer", "user", "value", "virt", "virt:network", "virt:network:host", "virt:network:range"],
            ResourceKinds.CreateRegistry().Kinds.Select(k => k.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_call_builds_a_separate_registry()
    {
        Assert.NotSame(ResourceKinds.CreateRegistry(), ResourceKinds.CreateRegistry());
    }
}
