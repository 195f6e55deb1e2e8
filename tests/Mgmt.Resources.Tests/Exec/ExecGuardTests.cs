namespace Mgmt.Resources.Tests.ExecResources;

public sealed class ExecGuardTests : ExecTestBase
{
    [Fact]
    public async Task IfCmdDecides()
    {
        await using var no = await Start(Counting(configure: r => r.IfCmd = "false"));
        Assert.True(await no.CheckApplyAsync());
        Assert.Equal(0, Runs());

        await using var yes = await Start(Counting(configure: r => r.IfCmd = "true"));
        Assert.False(await yes.CheckApplyAsync());
        Assert.Equal(1, Runs());
    }

    [Fact]
    public async Task IfEqualsSkipsOnAMatchingOutput()
    {
        await using var match = await Start(Counting(configure: r => { r.IfCmd = "echo ready"; r.IfEquals = "ready\n"; }));
        Assert.True(await match.CheckApplyAsync());
        await using var differ = await Start(Counting(configure: r => { r.IfCmd = "echo ready"; r.IfEquals = "ready"; }));
        Assert.False(await differ.CheckApplyAsync());
        await using var stdout = await Start(Counting(configure: r =>
        {
            r.IfCmd = "echo ready; echo warning >&2";
            r.IfShell = "/bin/sh";
            r.IfEqualsStdout = "ready\n";
        }));
        Assert.True(await stdout.CheckApplyAsync());
        Assert.Equal(1, Runs());
    }

    [Fact]
    public async Task NIfCmdIsTheOpposite()
    {
        await using var skip = await Start(Counting(configure: r => r.NIfCmd = "true"));
        Assert.True(await skip.CheckApplyAsync());
        await using var run = await Start(Counting(configure: r => r.NIfCmd = "false"));
        Assert.False(await run.CheckApplyAsync());
        Assert.Equal(1, Runs());
    }

    [Fact]
    public async Task CreatesSkipsOnceThePathExists()
    {
        var made = Dir["made"];
        await using var h = await Start(Exec($"touch {made}", r => r.Creates = made));
        Assert.False(await h.CheckApplyAsync());
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task MtimesForceARunWhenAFileIsNewer()
    {
        var input = Dir["input"];
        System.IO.File.WriteAllText(input, "v1");
        await using var h = await Start(Counting(configure: r => { r.Mtimes = [input]; r.IfCmd = "false"; }));
        Assert.False(await h.CheckApplyAsync()); // never ran: forced despite ifcmd
        Assert.True(await h.CheckApplyAsync());  // nothing newer: ifcmd decides (no)
        System.IO.File.SetLastWriteTimeUtc(input, DateTime.UtcNow.AddMinutes(1));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(2, Runs());
    }

    [Fact]
    public async Task AGuardKilledBySignalReadsAsANonZeroExit()
    {
        await using var h = await Start(Counting(configure: r => { r.IfCmd = "kill -9 $$"; r.IfShell = "/bin/sh"; }));
        // A guard killed by SIGKILL reports 137 (128 + 9): a non-zero answer, so the command is skipped.
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal(0, Runs());
    }
}
