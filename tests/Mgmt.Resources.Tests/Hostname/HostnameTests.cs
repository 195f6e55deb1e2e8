using System.Runtime.InteropServices;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Host;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Hostname;

/// <summary>
/// The files live in a temporary directory; the kernel's host name is changed only inside a private UTS namespace
/// (a thread that called unshare), so the machine's own name never changes.
/// </summary>
public sealed class HostnameTests : IDisposable
{
    private const int NewUtsNamespace = 0x04000000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A plain DllImport: the test project does not allow unsafe code, which LibraryImport would need.
    [DllImport("libc", SetLastError = true)]
    private static extern int unshare(int flags);

    private HostnameResource Resource(string name, Action<HostnameResource>? configure = null)
    {
        var r = new HostnameResource { Name = name, HostnameFile = _dir["hostname"], MachineInfoFile = _dir["machine-info"] };
        configure?.Invoke(r);
        return r;
    }

    /// <summary>Runs the action on a thread of its own in a fresh UTS namespace (a copy of the machine's names).</summary>
    private static T InPrivateUtsNamespace<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                if (unshare(NewUtsNamespace) != 0) throw new IOException($"unshare failed: errno {Marshal.GetLastPInvokeError()}");
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("the namespaced part failed", failure);
        return result;
    }

    [Fact]
    public async Task Sets_the_three_names_from_one_and_reports_them_right_afterwards()
    {
        if (Posix.EffectiveUid != 0) Assert.Skip("setting the kernel's host name needs root");
        var machine = KernelHostname.Get();
        await File.WriteAllTextAsync(_dir["machine-info"], "CHASSIS=vm\nPRETTY_HOSTNAME=old\n", TestContext.Current.CancellationToken);
        await using var h = await ResourceHarness<HostnameResource>.StartAsync(Resource("web-1.example.org"), watch: false);

        var (first, second, kernel) = InPrivateUtsNamespace(() =>
        {
            var changed = h.Resource.CheckApplyAsync(true, CancellationToken.None).GetAwaiter().GetResult();
            var again = h.Resource.CheckApplyAsync(true, CancellationToken.None).GetAwaiter().GetResult();
            return (changed, again, KernelHostname.Get());
        });
        Assert.False(first);
        Assert.True(second);
        Assert.Equal("web-1.example.org", kernel);
        Assert.Equal(machine, KernelHostname.Get());
        Assert.Equal("web-1.example.org\n", await File.ReadAllTextAsync(_dir["hostname"], TestContext.Current.CancellationToken));
        Assert.Equal("CHASSIS=vm\nPRETTY_HOSTNAME=\"web-1.example.org\"\n", await File.ReadAllTextAsync(_dir["machine-info"], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Each_name_can_be_given_on_its_own_and_the_pretty_one_is_free_text()
    {
        var machine = KernelHostname.Get();
        var r = Resource("ignored", h =>
        {
            h.Hostname = "base";
            h.PrettyHostname = "Web \"front\" $1";
            h.TransientHostname = machine;
        });
        await using var h = await ResourceHarness<HostnameResource>.StartAsync(r, watch: false);
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False(File.Exists(_dir["hostname"]));
        Assert.False(await h.CheckApplyAsync());
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal("base\n", await File.ReadAllTextAsync(_dir["hostname"], TestContext.Current.CancellationToken));
        var info = await File.ReadAllTextAsync(_dir["machine-info"], TestContext.Current.CancellationToken);
        Assert.Equal("PRETTY_HOSTNAME=\"Web \\\"front\\\" \\$1\"\n", info);
        Assert.Equal(0x1A4u, Posix.TryStat(_dir["hostname"])!.Value.Permissions);
    }

    [Fact]
    public async Task The_watch_sees_the_files_and_the_kernel_name_change()
    {
        if (Posix.EffectiveUid != 0 || !File.Exists("/usr/bin/unshare")) Assert.Skip("needs root and unshare(1)");
        await using var h = await ResourceHarness<HostnameResource>.StartAsync(Resource("watched"));
        await File.WriteAllTextAsync(_dir["hostname"], "other\n", TestContext.Current.CancellationToken);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after /etc/hostname changed");
        await Task.Delay(100, TestContext.Current.CancellationToken);
        h.Context.DrainEvents();

        // The kernel announces a host name change in any namespace; this one happens in a throwaway namespace.
        await LocalRun("/usr/bin/unshare", "--uts", "/bin/hostname", "mgmt-watch-test");
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the kernel's host name changed");
    }

    private static async Task LocalRun(string program, params string[] args)
    {
        var result = await Platform.Processes.ProcessRunner.RunAsync(
            new Platform.Processes.ProcessSpec { Command = program, Args = args }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Output);
    }

    [Theory]
    [InlineData("ok-name", "", "", "")]
    [InlineData("x", "a.b-c.d", "", "")]
    [InlineData("x", "", "Any text, even ü", "")]
    public void Accepts_valid_names(string name, string hostname, string pretty, string transient) =>
        new HostnameResource { Name = name, Hostname = hostname, PrettyHostname = pretty, TransientHostname = transient }.Validate();

    [Theory]
    [InlineData("has space", "static_hostname 'has space' is not a valid host name")]
    [InlineData("-lead", "is not a valid host name")]
    [InlineData("a..b", "is not a valid host name")]
    public void Refuses_names_the_kernel_or_dns_would_refuse(string name, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(new HostnameResource { Name = name }.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("pretty_hostname", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Machine_info_edits_keep_the_other_lines()
    {
        Assert.Equal("A=1\nPRETTY_HOSTNAME=\"x\"\nB=2\n", MachineInfo.Set("A=1\nPRETTY_HOSTNAME=old\nB=2\nPRETTY_HOSTNAME=dup", "PRETTY_HOSTNAME", "x"));
        Assert.Equal("PRETTY_HOSTNAME=\"x\"\n", MachineInfo.Set("", "PRETTY_HOSTNAME", "x"));
        Assert.Equal("a \"b\" $c", MachineInfo.Get("PRETTY_HOSTNAME=\"a \\\"b\\\" \\$c\"\n", "PRETTY_HOSTNAME"));
        Assert.Equal("single", MachineInfo.Get("PRETTY_HOSTNAME='single'", "PRETTY_HOSTNAME"));
        Assert.Null(MachineInfo.Get("CHASSIS=vm", "PRETTY_HOSTNAME"));
    }
}
