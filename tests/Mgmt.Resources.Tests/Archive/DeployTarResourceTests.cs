using System.Diagnostics;
using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Archive;

/// <summary>
/// The deploy:tar resource with the agent's running-code service filled in by the test (the agents' own path, a
/// real deploy through etcd, is in Mgmt.Cli.Tests' DeployTarAgentTests), its archives read by the system's tar.
/// </summary>
public sealed class DeployTarResourceTests : IDisposable
{
    private static readonly DateTimeOffset FirstTime = new(2026, 12, 7, 21, 15, 38, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<CodeFile> Files(DateTimeOffset time, params (string Path, string Content)[] files) =>
        [.. files.Select(f => new CodeFile(f.Path, time, Encoding.UTF8.GetBytes(f.Content)))];

    private static TestResourceContext With(RunningCode code)
    {
        var context = new TestResourceContext();
        context.ServiceMap.Add(code);
        return context;
    }

    [Fact]
    public async Task The_archive_holds_the_deploy_s_files_under_their_directories_and_a_second_check_changes_nothing()
    {
        var code = new RunningCode("none yet");
        code.Deploy(1, Files(FirstTime, ("main.mcl", "print \"hi\" {}\n"), ("files/motd", "hello\n"), ("files/deep/x.txt", "x\n")));
        var output = _dir["site.tar"];
        using var context = With(code);
        await using var h = await ResourceHarness<DeployTarResource>.StartAsync(new DeployTarResource { Name = output, Format = 8 }, context);

        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False(File.Exists(output));
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal(["files/", "files/deep/", "files/deep/x.txt", "files/motd", "main.mcl"], List(output));
        Assert.Equal("hello\n", Tar("-xOf", output, "files/motd"));
        var motd = Tar("--utc", "-tvf", output).Split('\n').Single(l => l.EndsWith(" files/motd", StringComparison.Ordinal));
        Assert.StartsWith("-rw-r--r-- root/root", motd);
        Assert.Contains("2026-12-07 21:15", motd);
        Assert.StartsWith("drwxr-xr-x", Tar("-tvf", output).Split('\n')[0]);
        Assert.True(context.Log.Contains("deploy 1 (5 entries)"));

        var before = await File.ReadAllBytesAsync(output, Ct);
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal(before, await File.ReadAllBytesAsync(output, Ct));
    }

    [Fact]
    public async Task A_new_deploy_wakes_the_watch_and_rewrites_the_archive_even_with_the_same_files()
    {
        var code = new RunningCode("none yet");
        code.Deploy(1, Files(FirstTime, ("main.mcl", "v1\n")));
        var output = _dir["d.tar"];
        using var context = With(code);
        await using var h = await ResourceHarness<DeployTarResource>.StartAsync(new DeployTarResource { Name = output }, context);
        await h.ConvergeAsync();
        context.DrainEvents();

        code.Deploy(2, Files(FirstTime.AddMinutes(1), ("main.mcl", "v2\n"), ("lib/a.mcl", "a\n")));
        Assert.True(await context.WaitForEventAsync());
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal(["lib/", "lib/a.mcl", "main.mcl"], List(output));
        Assert.Equal("v2\n", Tar("-xOf", output, "main.mcl"));

        // A rollback carries deploy 1's files again as deploy 3: a new deploy, so a new archive.
        code.Deploy(3, Files(FirstTime.AddMinutes(2), ("main.mcl", "v1\n")));
        Assert.True(await context.WaitForEventAsync());
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal(["main.mcl"], List(output));
        Assert.True(context.Log.Contains("deploy 3"));
    }

    [Fact]
    public async Task A_changed_or_removed_archive_is_noticed_by_the_watch_and_repaired()
    {
        var code = new RunningCode("none yet");
        code.Deploy(7, Files(FirstTime, ("main.mcl", "seven\n")));
        var output = _dir["r.tar"];
        using var context = With(code);
        await using var h = await ResourceHarness<DeployTarResource>.StartAsync(new DeployTarResource { Name = output }, context);
        await h.ConvergeAsync();
        var good = await File.ReadAllBytesAsync(output, Ct);
        context.DrainEvents();

        await File.WriteAllTextAsync(output, "not a tar any more", Ct);
        Assert.True(await context.WaitForEventAsync());
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal(good, await File.ReadAllBytesAsync(output, Ct));

        context.DrainEvents();
        File.Delete(output);
        Assert.True(await context.WaitForEventAsync());
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal("seven\n", Tar("-xOf", output, "main.mcl"));
    }

    [Fact]
    public async Task Without_a_deploy_the_check_fails_with_the_reason_and_writes_nothing()
    {
        var output = _dir["none.tar"];
        using (var context = With(new RunningCode("this agent runs puppet input, which is not code that a deploy carries")))
        await using (var h = await ResourceHarness<DeployTarResource>.StartAsync(new DeployTarResource { Name = output }, context))
        {
            var e = await Assert.ThrowsAsync<NoRunningCodeException>(() => h.CheckApplyAsync());
            Assert.Equal("no deploy is running: this agent runs puppet input, which is not code that a deploy carries", e.Message);
        }
        await using (var bare = await ResourceHarness<DeployTarResource>.StartAsync(new DeployTarResource { Name = output }))
        {
            var e = await Assert.ThrowsAsync<NoRunningCodeException>(() => bare.CheckApplyAsync());
            Assert.StartsWith("no deploy is running: ", e.Message);
        }
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task The_agent_s_own_input_is_read_afresh_and_a_change_to_it_rewrites_the_archive()
    {
        var source = Directory.CreateDirectory(_dir["program"]).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "main.mcl"), "one\n", Ct);
        var code = new RunningCode("");
        code.LocalInput(() => [.. Directory.GetFiles(source).Select(f => new CodeFile(Path.GetFileName(f), File.GetLastWriteTimeUtc(f), File.ReadAllBytes(f)))], [source]);
        var output = _dir["local.tar"];
        using var context = With(code);
        await using var h = await ResourceHarness<DeployTarResource>.StartAsync(new DeployTarResource { Name = output }, context);
        await h.ConvergeAsync();
        Assert.True(context.Log.Contains("the agent's own input"));
        context.DrainEvents();

        await File.WriteAllTextAsync(Path.Combine(source, "extra.mcl"), "two\n", Ct);
        Assert.True(await context.WaitForEventAsync());
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal(["extra.mcl", "main.mcl"], List(output));
    }

    [Fact]
    public async Task An_archive_inside_the_local_program_s_directory_is_refused_as_it_would_archive_itself()
    {
        var source = Directory.CreateDirectory(_dir["program"]).FullName;
        var code = new RunningCode("");
        code.LocalInput(() => [], [source]);
        using var context = With(code);
        await using var h = await ResourceHarness<DeployTarResource>.StartAsync(new DeployTarResource { Name = Path.Combine(source, "self.tar") }, context);
        var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
        Assert.Contains($"inside this agent's input {source}", e.Message);
        Assert.False(File.Exists(Path.Combine(source, "self.tar")));
    }

    [Fact]
    public async Task A_file_name_that_climbs_out_of_the_archive_is_refused_and_the_old_archive_stays()
    {
        var code = new RunningCode("none yet");
        code.Deploy(1, Files(FirstTime, ("main.mcl", "ok\n")));
        var output = _dir["safe.tar"];
        using var context = With(code);
        await using var h = await ResourceHarness<DeployTarResource>.StartAsync(new DeployTarResource { Name = output }, context);
        await h.ConvergeAsync();
        var before = await File.ReadAllBytesAsync(output, Ct);

        code.Deploy(2, Files(FirstTime, ("../escape", "bad\n")));
        var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
        Assert.Contains("'../escape'", e.Message);
        Assert.Equal(before, await File.ReadAllBytesAsync(output, Ct));
    }

    [Theory]
    [InlineData("relative.tar", 0, "absolute")]
    [InlineData("/tmp/dir/", 0, "ends with a slash")]
    [InlineData("/tmp/x.tar", 3, "format is 3")]
    public void Validation_refuses_a_path_that_is_not_an_absolute_file_and_unknown_formats(string path, long format, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new DeployTarResource { Name = path, Format = format }.Validate());
        Assert.Contains(expected, e.Message);
    }

    private static List<string> List(string archive) => [.. Tar("-tf", archive).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static string Tar(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("tar", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tar {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
        return text;
    }
}
