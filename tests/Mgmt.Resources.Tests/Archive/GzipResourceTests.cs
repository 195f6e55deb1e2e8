using System.Diagnostics;
using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Archive;

/// <summary>The gzip resource on real files, its output read back by the system's gzip.</summary>
public sealed class GzipResourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compresses_text_that_gzip_reads_back_and_then_is_converged()
    {
        var output = _dir["hello.gz"];
        await using var h = await ResourceHarness<GzipResource>.StartAsync(new GzipResource { Name = output, Content = "hello, world\n", Level = 9 });
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False(File.Exists(output));
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("hello, world\n", Gunzip(output));
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task A_changed_input_file_or_a_damaged_output_is_rebuilt_and_the_watch_sees_both()
    {
        var input = _dir["in.txt"];
        var output = _dir["in.txt.gz"];
        await File.WriteAllTextAsync(input, "first\n", Ct);
        await using var h = await ResourceHarness<GzipResource>.StartAsync(new GzipResource { Name = "g", Path = output, Input = input }, watch: true);
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal("first\n", Gunzip(output));

        h.Context.DrainEvents();
        await File.WriteAllTextAsync(input, "second\n", Ct);
        Assert.True(await h.Context.WaitForEventAsync());
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal("second\n", Gunzip(output));

        h.Context.DrainEvents();
        await File.WriteAllTextAsync(output, "not gzip", Ct);
        Assert.True(await h.Context.WaitForEventAsync());
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal("second\n", Gunzip(output));
    }

    [Fact]
    public async Task Changing_the_level_rebuilds_and_huffman_only_is_valid_gzip()
    {
        var output = _dir["l.gz"];
        var text = string.Concat(Enumerable.Repeat("abcabcabc ", 500));
        await using (var h = await ResourceHarness<GzipResource>.StartAsync(new GzipResource { Name = output, Content = text, Level = 0 }))
        {
            Assert.Equal(1, await h.ConvergeAsync());
        }
        var stored = new FileInfo(output).Length;
        await using (var h = await ResourceHarness<GzipResource>.StartAsync(new GzipResource { Name = output, Content = text, Level = -2 }))
        {
            Assert.Equal(1, await h.ConvergeAsync());
        }
        Assert.Equal(text, Gunzip(output));
        Assert.NotEqual(stored, new FileInfo(output).Length);
    }

    [Fact]
    public async Task A_missing_input_is_an_error_that_leaves_no_output()
    {
        var output = _dir["none.gz"];
        await using var h = await ResourceHarness<GzipResource>.StartAsync(new GzipResource { Name = output, Input = _dir["missing"] });
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => h.CheckApplyAsync());
        Assert.Contains("does not exist", e.Message);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Theory]
    [InlineData("relative.gz", null, 0, "absolute")]
    [InlineData("/tmp/dir/", null, 0, "slash")]
    [InlineData("/tmp/x.gz", "in", 0, "absolute")]
    [InlineData("/tmp/x.gz", null, 10, "level")]
    [InlineData("/tmp/x.gz", null, -3, "level")]
    public void Validation_names_the_mistake(string path, string? input, long level, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new GzipResource { Name = path, Input = input, Level = level }.Validate());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Edges_come_from_the_input_file_and_the_output_directory()
    {
        var g = new GzipResource { Name = "/srv/out/x.gz", Input = "/srv/in/x" };
        var seeks = g.AutoEdges().SelectMany(s => s.Candidates).ToList();
        Assert.Contains(new ResourceUid("file", "/srv/in/x"), seeks);
        Assert.Contains(new ResourceUid("file", "/srv/out/"), seeks);
        Assert.Equal([new ResourceUid("file", "/srv/out/x.gz")], g.Uids());
    }

    internal static string Gunzip(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("gzip", ["-dc", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"gzip -dc {path} failed: {process.StandardError.ReadToEnd()}");
        return text;
    }
}
