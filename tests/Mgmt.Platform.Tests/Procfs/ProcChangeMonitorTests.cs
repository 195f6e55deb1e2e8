using Mgmt.Platform.Files;
using Mgmt.Platform.Host;
using Mgmt.Platform.Procfs;
using Mgmt.Platform.Processes;

namespace Mgmt.Platform.Tests.Procfs;

public sealed class ProcChangeMonitorTests
{
    private static Task<ProcessResult> Run(string program, params string[] args) =>
        ProcessRunner.RunAsync(new ProcessSpec { Command = program, Args = args }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Reports_mounts_and_unmounts_without_polling()
    {
        if (Posix.EffectiveUid != 0) Assert.Skip("mounting needs root");
        using var dir = new TempDir();
        using var monitor = new ProcChangeMonitor();
        using var changes = new SemaphoreSlim(0);
        using (monitor.Subscribe("/proc/self/mountinfo", () => changes.Release()))
        {
            Assert.False(await changes.WaitAsync(200, TestContext.Current.CancellationToken), "a change was reported while nothing changed");
            Assert.True((await Run("mount", "-t", "tmpfs", "tmpfs", dir.Path)).Succeeded);
            Assert.True(await changes.WaitAsync(5000, TestContext.Current.CancellationToken), "no report after a mount");
            Assert.True((await Run("umount", dir.Path)).Succeeded);
            Assert.True(await changes.WaitAsync(5000, TestContext.Current.CancellationToken), "no report after an unmount");
        }
    }

    [Fact]
    public async Task Reports_host_name_changes_and_stops_after_dispose()
    {
        if (Posix.EffectiveUid != 0 || !File.Exists("/usr/bin/unshare")) Assert.Skip("needs root and unshare(1)");
        using var monitor = new ProcChangeMonitor();
        var count = 0;
        var subscription = monitor.Subscribe("/proc/sys/kernel/hostname", () => Interlocked.Increment(ref count));
        // In a throwaway UTS namespace, so the machine keeps its name; the kernel announces the change anyway.
        Assert.True((await Run("/usr/bin/unshare", "--uts", "/bin/hostname", "mgmt-procfs-test")).Succeeded);
        await WaitUntil(() => Volatile.Read(ref count) > 0);
        subscription.Dispose();
        var after = Volatile.Read(ref count);
        Assert.True((await Run("/usr/bin/unshare", "--uts", "/bin/hostname", "mgmt-procfs-test2")).Succeeded);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(after, Volatile.Read(ref count));
        Assert.NotEqual("mgmt-procfs-test2", KernelHostname.Get());
    }

    [Fact]
    public void A_file_that_cannot_be_opened_is_a_clear_error()
    {
        using var monitor = new ProcChangeMonitor();
        var e = Assert.Throws<Native.PosixException>(() => monitor.Subscribe("/proc/no/such/file", () => { }));
        Assert.Contains("/proc/no/such/file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_the_kernel_host_name()
    {
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), KernelHostname.Get());
        Assert.Throws<ArgumentException>(() => KernelHostname.Set(new string('x', 65)));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.True(condition(), "the monitor reported nothing");
    }
}
