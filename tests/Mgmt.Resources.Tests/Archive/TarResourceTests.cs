using System.Diagnostics;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Archive;

/// <summary>The tar resource on real trees, its archives listed by the system's tar.</summary>
public sealed class TarResourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TarResourceTests()
    {
        Directory.CreateDirectory(_dir["tree/sub"]);
        File.WriteAllText(_dir["tree/a.txt"], "alpha\n");
        File.WriteAllText(_dir["tree/sub/b.txt"], "beta\n");
        File.WriteAllText(_dir["single"], "one file\n");
        File.CreateSymbolicLink(_dir["tree/link"], "a.txt");
    }

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_trailing_slash_puts_a_directory_s_contents_at_the_top_and_a_file_goes_under_its_base_name()
    {
        var output = _dir["out.tar"];
        await using var h = await ResourceHarness<TarResource>.StartAsync(new TarResource { Name = output, Inputs = [_dir["tree/"], _dir["single"]], Format = 8 });
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal(["a.txt", "link", "single", "sub/", "sub/b.txt"], List(output).Order(StringComparer.Ordinal));
        Assert.Contains("link -> a.txt", Tar("-tvf", output));
        Assert.Equal("beta\n", Tar("-xOf", output, "sub/b.txt"));
    }

    [Fact]
    public async Task Without_the_slash_the_directory_keeps_its_name()
    {
        var output = _dir["named.tar"];
        await using var h = await ResourceHarness<TarResource>.StartAsync(new TarResource { Name = output, Inputs = [_dir["tree"]], Format = 2 });
        await h.ConvergeAsync();
        Assert.Equal(["tree/", "tree/a.txt", "tree/link", "tree/sub/", "tree/sub/b.txt"], List(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_new_file_a_changed_mode_or_a_changed_format_rebuilds_the_archive()
    {
        var output = _dir["r.tar"];
        await using (var h = await ResourceHarness<TarResource>.StartAsync(new TarResource { Name = output, Inputs = [_dir["tree/"]] }, watch: true))
        {
            await h.ConvergeAsync();
            h.Context.DrainEvents();
            await File.WriteAllTextAsync(_dir["tree/sub/c.txt"], "gamma\n", Ct);
            Assert.True(await h.Context.WaitForEventAsync());
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.Contains("sub/c.txt", List(output));

            Posix.Chmod(_dir["tree/a.txt"], 0x180);
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.Contains("-rw-------", Tar("-tvf", output).Split('\n').Single(l => l.EndsWith(" a.txt", StringComparison.Ordinal) && !l.Contains("->", StringComparison.Ordinal)));
        }
        await using (var h = await ResourceHarness<TarResource>.StartAsync(new TarResource { Name = output, Inputs = [_dir["tree/"]], Format = 8 }))
        {
            // Another resource, so another state directory: it writes once, then knows the archive.
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task A_pipe_in_the_tree_is_refused_and_the_old_archive_stays()
    {
        var output = _dir["p.tar"];
        await using var h = await ResourceHarness<TarResource>.StartAsync(new TarResource { Name = output, Inputs = [_dir["tree/"]] });
        await h.ConvergeAsync();
        var before = await File.ReadAllBytesAsync(output, Ct);
        using (var mkfifo = Process.Start("mkfifo", [_dir["tree/pipe"]])) await mkfifo.WaitForExitAsync(Ct);
        var e = await Assert.ThrowsAsync<IOException>(() => h.CheckApplyAsync());
        Assert.Contains("pipe", e.Message);
        Assert.Equal(before, await File.ReadAllBytesAsync(output, Ct));
        Assert.DoesNotContain(Directory.GetFiles(_dir.Path), f => f.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3, "format")]
    [InlineData(1, "format")]
    public void Validation_refuses_unknown_formats(long format, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new TarResource { Name = "/tmp/x.tar", Inputs = ["/tmp/in/"], Format = format }.Validate());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Validation_refuses_relative_inputs_and_an_archive_inside_its_input()
    {
        Assert.Contains("absolute", Assert.Throws<ResourceValidationException>(() => new TarResource { Name = "/tmp/x.tar", Inputs = ["in/"] }.Validate()).Message);
        Assert.Contains("itself", Assert.Throws<ResourceValidationException>(() => new TarResource { Name = "/tmp/in/x.tar", Inputs = ["/tmp/in/"] }.Validate()).Message);
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
