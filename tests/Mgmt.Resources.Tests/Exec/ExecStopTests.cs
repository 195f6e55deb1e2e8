using System.Diagnostics;

namespace Mgmt.Resources.Tests.ExecResources;

public sealed class ExecStopTests : ExecTestBase
{
    [Fact]
    public async Task ATimeoutKillsTheCommand()
    {
        await using var h = await Start(Exec($"sleep 60 & echo $! > {Dir["pid"]}; wait", r => { r.Shell = "/bin/sh"; r.Timeout = 1; }));
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => h.CheckApplyAsync());
        Assert.Contains("did not finish within 1 s", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        AssertGone(Dir["pid"]);
    }

    [Fact]
    public async Task CancellationStopsTheCommand()
    {
        await using var h = await Start(Exec($"sleep 60 & echo $! > {Dir["pid"]}; wait", r => r.Shell = "/bin/sh"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = h.CheckApplyCancellableAsync(cancel.Token);
        await WaitForFile(Dir["pid"]);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        AssertGone(Dir["pid"]);
    }

    [Fact]
    public async Task InterruptKillsTheCommandAtOnce()
    {
        await using var h = await Start(Exec($"trap '' TERM; sleep 60 & echo $! > {Dir["pid"]}; wait", r => r.Shell = "/bin/sh"));
        var run = h.CheckApplyAsync();
        await WaitForFile(Dir["pid"]);
        h.Resource.Interrupt();
        var e = await Assert.ThrowsAsync<ExecFailedException>(() => run.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Contains("interrupted", e.Message);
        AssertGone(Dir["pid"]);
        // Once interrupted, nothing new starts.
        await Assert.ThrowsAsync<ExecFailedException>(() => h.CheckApplyAsync());
    }

    private static void AssertGone(string pidFile)
    {
        var pid = System.IO.File.ReadAllText(pidFile).Trim();
        for (var i = 0; i < 1000; i++)
        {
            var stat = $"/proc/{pid}/stat";
            try
            {
                if (!System.IO.File.Exists(stat) || System.IO.File.ReadAllText(stat).Split(") ")[1].StartsWith('Z')) return;
            }
            catch (IOException)
            {
                return;
            }
            Thread.Sleep(10);
        }
        Assert.Fail($"process {pid} is still running");
    }
}
