namespace Mgmt.Resources.Tests.SimpleKinds;

public sealed class ResourceKindsTests
{
    [Fact]
    public void The_registry_has_every_kind_and_builds_each_one()
    {
        var registry = ResourceKinds.CreateRegistry();
        foreach (var kind in new[] { "config:etcd", "cron", "exec", "exit", "file", "group", "gzip", "hostname", "http:server", "http:server:file", "http:server:flag", "http:server:ui", "http:server:ui:input", "json:edit", "kv", "line", "mount", "msg", "noop", "password", "pkg", "print", "schedule", "ssh:authorized_key", "svc", "sysctl", "tar", "test", "timer", "user", "value", "virt" })
        {
            var r = registry.Create(kind, "x");
            Assert.Equal(kind, r.Kind);
            Assert.Equal($"{kind}[x]", r.ToString());
        }
    }

    [Fact]
    public void Every_registered_kind_is_known_here()
    {
        Assert.Equal(["config:etcd", "cron", "exec", "exit", "file", "group", "gzip", "hostname", "http:server", "http:server:file", "http:server:flag", "http:server:ui", "http:server:ui:input", "json:edit", "kv", "line", "mount", "msg", "noop", "password", "pkg", "print", "schedule", "ssh:authorized_key", "svc", "sysctl", "tar", "test", "timer", "user", "value", "virt"],
            ResourceKinds.CreateRegistry().Kinds.Select(k => k.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_call_builds_a_separate_registry()
    {
        Assert.NotSame(ResourceKinds.CreateRegistry(), ResourceKinds.CreateRegistry());
    }
}
