namespace Mgmt.Resources.Tests.ExecResources;

public sealed class ExecWatchTests : ExecTestBase
{
    [Fact]
    public async Task EachWatchCmdLineIsAnEvent()
    {
        var go = Dir["go"];
        await using var h = await Start(
            Exec("true", r =>
            {
                r.WatchCmd = $"echo first; while [ ! -e {go} ]; do sleep 0.05; done; echo second; sleep 60";
                r.WatchShell = "/bin/sh";
            }),
            watch: true);
        Assert.True(await h.Context.WaitForEventAsync(), "no event for the first line");
        Assert.False(await h.Context.WaitForEventAsync(TimeSpan.FromMilliseconds(200)));
        System.IO.File.WriteAllText(go, "");
        Assert.True(await h.Context.WaitForEventAsync(), "no event for the second line");
    }

    [Fact]
    public async Task AWatchCmdThatEndsFailsTheWatch()
    {
        await using var h = await Start(Exec("true", r => r.WatchCmd = "echo bye"), watch: true);
        var e = await Assert.ThrowsAsync<IOException>(() => h.Watch!.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Contains("watchcmd ended", e.Message);
    }

    [Fact]
    public async Task WatchFilesAndCreatesAreEvents()
    {
        System.IO.File.WriteAllText(Dir["config"], "v1");
        await using var h = await Start(Exec("true", r => { r.WatchFiles = [Dir["config"]]; r.Creates = Dir["made"]; }), watch: true);
        h.Context.DrainEvents();
        System.IO.File.WriteAllText(Dir["config"], "v2");
        Assert.True(await h.Context.WaitForEventAsync(), "no event for a watched file");
        h.Context.DrainEvents();
        System.IO.File.WriteAllText(Dir["made"], "");
        Assert.True(await h.Context.WaitForEventAsync(), "no event for the creates file");
    }

    [Fact]
    public async Task AResourceWithNothingToWatchStillRuns()
    {
        await using var h = await Start(Exec("true"), watch: true);
        Assert.True(h.Context.WhenRunning.IsCompleted);
        Assert.Equal(0, h.Context.EventCount);
    }
}
