using Mgmt.Platform.Files;

namespace Mgmt.Resources.Tests.ExecResources;

public sealed class ExecRunTests : ExecTestBase
{
    [Fact]
    public async Task WithoutGuardsTheCommandRunsAtEveryCheck()
    {
        await using var h = await Start(Counting());
        Assert.False(await h.CheckApplyAsync());
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal(2, Runs());
    }

    [Fact]
    public async Task NoopOnlyReports()
    {
        await using var h = await Start(Counting());
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal(0, Runs());
    }

    [Fact]
    public async Task AFailingCommandIsAnErrorWithItsStatusAndStderr()
    {
        await using var h = await Start(Exec("echo first >&2; echo 'it broke' >&2; exit 7", r => r.Shell = "/bin/sh"));
        var e = await Assert.ThrowsAsync<ExecFailedException>(() => h.CheckApplyAsync());
        Assert.Equal(7, e.ExitCode);
        Assert.Contains("cmd exited with status 7", e.Message);
        Assert.Contains("it broke", e.Message);
    }

    [Fact]
    public async Task AMissingProgramIsAClearError()
    {
        await using var h = await Start(Exec("no-such-program-mgmt-test"));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => h.CheckApplyAsync());
        Assert.Contains("no such command", e.Message);
    }

    [Fact]
    public async Task ArgsCwdAndShell()
    {
        await using var args = await Start(Exec("printf", r => r.Args = ["%s-%s", "a b", "c"]));
        await args.CheckApplyAsync();
        Assert.Equal("a b-c", SentText(args.Context, "stdout"));

        await using var cwd = await Start(Exec("pwd", r => r.Cwd = Dir.Path));
        await cwd.CheckApplyAsync();
        Assert.Equal(Dir.Path + "\n", SentText(cwd.Context, "stdout"));

        await using var shell = await Start(Exec("echo a && echo b | tr b c", r => r.Shell = "/bin/sh"));
        await shell.CheckApplyAsync();
        Assert.Equal("a\nc\n", SentText(shell.Context, "stdout"));
    }

    [Fact]
    public async Task TheEnvironmentIsEmptyUnlessGiven()
    {
        await using var bare = await Start(Exec("env"));
        await bare.CheckApplyAsync();
        Assert.Null(SentText(bare.Context, "stdout")); // it printed nothing at all

        await using var given = await Start(Exec("env", r => r.Env = new Dictionary<string, string> { ["GREETING"] = "hello" }));
        await given.CheckApplyAsync();
        Assert.Equal("GREETING=hello\n", SentText(given.Context, "stdout"));
    }

    [Fact]
    public async Task OutputsAreSentAndRememberedForSkippedRuns()
    {
        var marker = Dir["made"];
        var r = Exec($"echo out; echo err >&2; touch {marker}", r => { r.Shell = "/bin/sh"; r.Creates = marker; });
        await using (var h = await Start(r))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal("out\n", SentText(h.Context, "stdout"));
            Assert.Equal("err\n", SentText(h.Context, "stderr"));
            Assert.Contains("out\n", SentText(h.Context, "output"));
            Assert.Contains("err\n", SentText(h.Context, "output"));

            // Skipped now (the file exists), but the last output is still what it sends.
            h.Context.Sent.Clear();
            Assert.True(await h.CheckApplyAsync());
            Assert.Equal("out\n", SentText(h.Context, "stdout"));
        }
    }

    [Fact]
    public async Task SendFallbacksFillInWhenNothingRanYet()
    {
        System.IO.File.WriteAllText(Dir["exists"], "");
        await using var h = await Start(Exec("true", r => { r.Creates = Dir["exists"]; r.SendOutput = "fallback"; }));
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal("fallback", SentText(h.Context, "output"));
        Assert.Null(SentText(h.Context, "stdout"));
    }

    [Fact]
    public async Task DoneCmdRunsAfterSuccessAndItsFailureCounts()
    {
        await using var ok = await Start(Exec("true", r => { r.DoneCmd = $"touch {Dir["done"]}"; }));
        await ok.CheckApplyAsync();
        Assert.True(System.IO.File.Exists(Dir["done"]));

        await using var bad = await Start(Exec("true", r => r.DoneCmd = "false"));
        var e = await Assert.ThrowsAsync<ExecFailedException>(() => bad.CheckApplyAsync());
        Assert.Contains("donecmd exited with status 1", e.Message);

        await using var skipped = await Start(Exec("false", r => r.DoneCmd = $"touch {Dir["never"]}"));
        await Assert.ThrowsAsync<ExecFailedException>(() => skipped.CheckApplyAsync());
        Assert.False(System.IO.File.Exists(Dir["never"]));
    }

    [Fact]
    public async Task CommandsRunAsAnotherUser()
    {
        Assert.SkipUnless(Posix.EffectiveUid == 0, "switching users needs root");
        await using var h = await Start(Exec("id -un", r => { r.User = "nobody"; r.Cwd = "/"; }));
        await h.CheckApplyAsync();
        Assert.Equal("nobody\n", SentText(h.Context, "stdout"));
    }
}
