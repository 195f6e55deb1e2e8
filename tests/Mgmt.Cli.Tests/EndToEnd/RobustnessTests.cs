using System.Text;
using System.Text.RegularExpressions;

namespace Mgmt.Cli.Tests.EndToEnd;

/// <summary>
/// The reproducers of issue 12 through the real binary: inputs that crashed the agent or made it fail with an internal
/// error are user errors (exit 2, a position, no stack trace), leftovers of a killed writer are removed, and a
/// resource that failed because of a fault heals by itself once the fault is gone.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed partial class RobustnessTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();

    public static TheoryData<string, byte[], string> BadYaml => new()
    {
        // YamlDotNet's scanner threw InvalidOperationException on these 5 bytes, its loader ArgumentException on the 3.
        { "scanner state", "- {\nl"u8.ToArray(), "this is not valid YAML" },
        { "empty key", "- :"u8.ToArray(), "this is not valid YAML" },
        // About 32,000 levels overflowed the stack inside YamlDotNet.
        { "deep nesting", Encoding.ASCII.GetBytes("resources: " + Repeat("[", 40_000) + Repeat("]", 40_000)), "lists and mappings nest more than 200 levels deep" },
        { "invalid UTF-8", [.. "resources:\n  print:\n    - {name: \""u8.ToArray(), 0xc3, 0x28, .. "\"}\n"u8.ToArray()], "the file is not valid UTF-8" },
    };

    [Theory]
    [MemberData(nameof(BadYaml))]
    public async Task Bad_yaml_is_a_positioned_error_with_exit_2(string what, byte[] content, string expected)
    {
        var file = _dir.File("bad.yaml");
        await File.WriteAllBytesAsync(file, content, TestContext.Current.CancellationToken);
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "yaml", file]);
        await using var _ = p;
        Assert.True(code == 2, $"{what}: exit {code}\n{p.Stderr}");
        Assert.Matches(PositionedError(file), p.Stderr);
        Assert.Contains(expected, p.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", p.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yaml_file_over_the_size_limit_is_refused_without_reading_it_all()
    {
        var file = _dir.File("huge.yaml");
        await using (var stream = File.Create(file)) stream.SetLength(65L * 1024 * 1024);
        var (code, p) = await MgmtProcess.RunAsync(["check", "yaml", file]);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains($"mgmt: error: {file}: the file is larger than the 64 MiB a YAML graph may hold", p.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> DeepMcl => new()
    {
        { "nested lambdas", "$x = " + Repeat("func() {", 3500) + "1" + Repeat("}", 3500) + "\n" },
        { "a flat chain", "$x = 1" + Repeat(" + 1", 15_500) + "\n" },
        { "nested if blocks", Repeat("if true {\n", 7750) + "$x = 1\n" + Repeat("}\n", 7750) },
    };

    [Theory]
    [MemberData(nameof(DeepMcl))]
    public async Task Mcl_nested_past_the_limit_is_a_positioned_lexparse_error_with_exit_2(string what, string program)
    {
        var file = _dir.Write("deep.mcl", program);
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "lang", file]);
        await using var _ = p;
        Assert.True(code == 2, $"{what}: exit {code}\n{p.Stderr[..Math.Min(2000, p.Stderr.Length)]}");
        Assert.Contains("lexparse: the program nests more than 1000 levels deep here", p.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"deep\.mcl @ \d+:\d+-\d+:\d+", p.Stderr);
    }

    [Fact]
    public async Task A_file_resource_removes_the_temporary_files_a_killed_agent_left_next_to_its_file()
    {
        var target = _dir.File("managed");
        // Left by an agent killed while it replaced the file (AtomicFile names them so), and one of another file.
        var leftovers = new[] { _dir.Write(".managed.0123456789ab.mgmt-tmp", "half"), _dir.Write(".managed.a1b2c3d4e5f6.mgmt-tmp", "") };
        var unrelated = _dir.Write(".other.0123456789ab.mgmt-tmp", "half");
        var yaml = $"resources:\n  file:\n    - {{name: {target}, state: exists, content: \"whole\\n\"}}\n";
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "yaml", _dir.Write("g.yaml", yaml)]);
        await using var _ = p;
        Assert.True(code == 0, p.Stderr);
        Assert.Equal("whole\n", File.ReadAllText(target));
        Assert.All(leftovers, l => Assert.False(File.Exists(l), $"{l} is still there"));
        Assert.True(File.Exists(unrelated));
        Assert.Contains("a temporary file left by a writer that was killed", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_could_not_be_written_on_a_full_disk_is_written_once_space_is_freed()
    {
        if (Environment.UserName != "root") Assert.Skip("mounting a small tmpfs needs root; CI runs as root");
        var mount = Directory.CreateDirectory(_dir.File("small")).FullName;
        Assert.Equal(0, await RunAsync("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount));
        try
        {
            var filler = Path.Combine(mount, "filler");
            // Fill the file system; the write fails with "no space left" once it is full.
            try
            {
                await File.WriteAllBytesAsync(filler, new byte[1024 * 1024], TestContext.Current.CancellationToken);
            }
            catch (IOException)
            {
            }
            var target = Path.Combine(mount, "wanted");
            var content = new string('x', 64 * 1024);
            var yaml = $"resources:\n  file:\n    - {{name: {target}, state: exists, content: {content}}}\n";
            await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", _dir.Write("g.yaml", yaml)]);
            await p.WaitForLogAsync("no retries left", TimeSpan.FromSeconds(60));
            Assert.False(File.Exists(target) && File.ReadAllText(target) == content);

            // The fault goes away; no event reaches the resource (the filler is another file): the backoff brings the try.
            File.Delete(filler);
            Assert.True(await Examples.EventuallyAsync(() => File.Exists(target) && File.ReadAllText(target) == content, 30), p.Stderr);
            await p.WaitForLogAsync("recovered");
        }
        finally
        {
            await RunAsync("umount", "-l", mount);
        }
    }

    private static async Task<int> RunAsync(string command, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(command, args);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.ExitCode;
    }

    private static Regex PositionedError(string file) => new($"mgmt: error: {Regex.Escape(file)}:\\d+:\\d+: ");

    public void Dispose() => _dir.Dispose();
}
