using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Sysctl;

/// <summary>
/// Against the real kernel: a harmless parameter (the printk rate limiter's burst) is changed and always put back.
/// </summary>
[Collection("sysctl")]
public sealed class SysctlTests : IDisposable
{
    private const string Key = "kernel.printk_ratelimit_burst";
    private const string KernelFile = "/proc/sys/kernel/printk_ratelimit_burst";
    private readonly TempDirectory _dir = new();
    private readonly string? _original = File.Exists(KernelFile) ? File.ReadAllText(KernelFile).Trim() : null;

    public void Dispose()
    {
        if (_original is not null && File.ReadAllText(KernelFile).Trim() != _original) File.WriteAllText(KernelFile, _original + "\n");
        _dir.Dispose();
    }

    private string Require()
    {
        if (_original is null) Assert.Skip($"this kernel has no {KernelFile}");
        if (Posix.EffectiveUid != 0) Assert.Skip("setting kernel parameters needs root");
        return (int.Parse(_original, CultureInfo.InvariantCulture) + 7).ToString(CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Sets_the_running_value_then_persists_it()
    {
        var value = Require();
        var conf = _dir["99-test.conf"];
        await using var h = await ResourceHarness<SysctlResource>.StartAsync(new SysctlResource { Name = Key, Value = value, Path = conf }, watch: false);
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal(_original, File.ReadAllText(KernelFile).Trim());

        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(value, File.ReadAllText(KernelFile).Trim());
        Assert.Equal($"{Key} = {value}\n", await File.ReadAllTextAsync(conf, TestContext.Current.CancellationToken));
        Assert.Equal(0x1A4u, Posix.TryStat(conf)!.Value.Permissions);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task Persist_only_leaves_the_running_kernel_alone()
    {
        var value = Require();
        var conf = _dir["sub/dir/50-x.conf"];
        await using var h = await ResourceHarness<SysctlResource>.StartAsync(
            new SysctlResource { Name = Key, Value = value, Path = conf, Runtime = false }, watch: false);
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(_original, File.ReadAllText(KernelFile).Trim());
        Assert.True(File.Exists(conf));
    }

    [Fact]
    public async Task Unknown_parameters_and_refused_values_are_clear_errors_and_nothing_is_persisted()
    {
        Require();
        var conf = _dir["x.conf"];
        await using (var h = await ResourceHarness<SysctlResource>.StartAsync(new SysctlResource { Name = "kernel.no_such_knob", Value = "1", Path = conf }, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("there is no kernel parameter named kernel.no_such_knob", e.Message, StringComparison.Ordinal);
        }
        await using (var h = await ResourceHarness<SysctlResource>.StartAsync(new SysctlResource { Name = Key, Value = "many", Path = conf }, watch: false))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
            Assert.Contains("the kernel refused the value 'many'", e.Message, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(conf));
    }

    [Fact]
    public async Task Values_compare_with_white_space_runs_made_equal()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (!File.Exists(range)) Assert.Skip("no IPv4 port range here");
        var spaced = string.Join(' ', File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        await using var h = await ResourceHarness<SysctlResource>.StartAsync(
            new SysctlResource { Name = "net.ipv4.ip_local_port_range", Value = spaced, Persist = false }, watch: false);
        Assert.True(await h.CheckApplyAsync(apply: false));
    }

    [Fact]
    public async Task The_watch_polls_the_running_value_and_watches_the_file()
    {
        var value = Require();
        var conf = _dir["w.conf"];
        var sysctl = new SysctlResource { Name = Key, Value = value, Path = conf, RuntimePollInterval = TimeSpan.FromMilliseconds(50) };
        await using var h = await ResourceHarness<SysctlResource>.StartAsync(sysctl);
        Assert.False(await h.CheckApplyAsync());
        // Let the poll notice the resource's own change (ten periods) before someone else changes the value back.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        h.Context.DrainEvents();

        await File.WriteAllTextAsync(KernelFile, _original + "\n", TestContext.Current.CancellationToken);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the running value changed");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(value, File.ReadAllText(KernelFile).Trim());

        await Task.Delay(200, TestContext.Current.CancellationToken);
        h.Context.DrainEvents();
        await File.WriteAllTextAsync(conf, "# emptied\n", TestContext.Current.CancellationToken);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the persistence file changed");
        Assert.False(await h.CheckApplyAsync());
    }

    [Theory]
    [InlineData("net/ipv4/ip_forward", "1", true, true, "", "dotted form")]
    [InlineData("net..ip", "1", true, true, "", "not a kernel parameter name")]
    [InlineData("net.ipv4.ip_forward", "", true, true, "", "value is empty")]
    [InlineData("net.ipv4.ip_forward", " 1", true, true, "", "white space")]
    [InlineData("net.ipv4.ip_forward", "1", false, false, "", "nothing to manage")]
    [InlineData("net.ipv4.ip_forward", "1", true, true, "/etc/sysctl.d/x", "must end with .conf")]
    [InlineData("net.ipv4.ip_forward", "1", true, true, "x.conf", "must be absolute")]
    public void Refuses_names_values_and_paths_that_cannot_work(string name, string value, bool runtime, bool persist, string path, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(new SysctlResource { Name = name, Value = value, Runtime = runtime, Persist = persist, Path = path }.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_file_is_in_sysctl_d()
    {
        Assert.Equal("/etc/sysctl.d/99-net.ipv4.ip_forward.conf", new SysctlResource { Name = "net.ipv4.ip_forward" }.ConfigPath);
        Assert.Equal("/proc/sys/net/ipv4/ip_forward", new SysctlResource { Name = "net.ipv4.ip_forward" }.KernelPath);
    }
}

[CollectionDefinition("sysctl", DisableParallelization = true)]
public sealed class SysctlCollection;
