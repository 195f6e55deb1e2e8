using System.Text.Json;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Observability;

/// <summary>What an operator reads in the log: diffs of what changed, the same in --noop, one line per event, JSON on request.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ChangeLogTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Program(string target) => _dir.Write("p.mcl", $$"""
        file "{{target}}" {
        	state => "exists",
        	content => "alpha\nbeta two\ngamma\n",
        	mode => "0600",
        }
        """);

    private static string[] Once(params string[] more) => ["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", .. more];

    /// <summary>The lines of the log from the change line of <paramref name="resource"/> on, without the times.</summary>
    private static string ChangeOf(string log, string resource)
    {
        var lines = log.Split('\n');
        var start = Array.FindIndex(lines, l => l.Contains($"mgmt.engine: {resource}: ", StringComparison.Ordinal) && l.Contains("change", StringComparison.Ordinal));
        Assert.True(start >= 0, log);
        var end = Array.FindIndex(lines, start + 1, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d"));
        var text = string.Join("\n", lines[start..(end < 0 ? lines.Length : end)]);
        return text[(text.IndexOf(resource, StringComparison.Ordinal))..];
    }

    [Fact]
    public async Task A_repair_logs_one_line_with_the_diff_and_the_mode_and_noop_logs_the_same()
    {
        var target = _dir.File("conf.txt");
        File.WriteAllText(target, "alpha\nbeta\ngamma\n");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var program = Program(target);

        var (noopCode, noop) = await MgmtProcess.RunAsync(Once("--noop", "lang", program));
        await using var _ = noop;
        Assert.Equal(0, noopCode);
        Assert.Equal("alpha\nbeta\ngamma\n", File.ReadAllText(target));

        var (code, real) = await MgmtProcess.RunAsync(Once("lang", program));
        await using var __ = real;
        Assert.Equal(0, code);
        Assert.Equal("alpha\nbeta two\ngamma\n", File.ReadAllText(target));

        var resource = $"file[{target}]";
        var expected = $"content (+1 -1 lines), mode 0644 -> 0600";
        var wouldChange = ChangeOf(noop.Stderr, resource);
        var changed = ChangeOf(real.Stderr, resource);
        Assert.StartsWith($"{resource}: would change {expected} (noop)\n", wouldChange);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(resource)}: changed {System.Text.RegularExpressions.Regex.Escape(expected)} \([0-9.]+ ms\)\n", changed);
        var diff = $"--- {target}\n+++ {target}\n@@ -1,3 +1,3 @@\n alpha\n-beta\n+beta two\n gamma";
        Assert.EndsWith(diff, wouldChange.TrimEnd());
        Assert.EndsWith(diff, changed.TrimEnd());
        // One event, one line: the resource does not say it again in its own words.
        Assert.Single(real.Stderr.Split('\n'), l => l.Contains(target, StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d\.\d+ info "));
        Assert.Contains("summary: 1 resources, 1 changed, 0 failed, in ", real.Stderr, StringComparison.Ordinal);
        Assert.Contains("summary (noop): 1 resources, 1 would change, 0 failed, in ", noop.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line_with_the_diff_inside()
    {
        var target = _dir.File("new.txt");
        var (code, p) = await MgmtProcess.RunAsync(Once("--log-format", "json", "lang", Program(target)));
        await using var _ = p;
        Assert.Equal(0, code);
        var events = p.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(events, e => Assert.True(e.TryGetProperty("time", out var t) && e.TryGetProperty("level", out var l) && e.TryGetProperty("category", out var c)));
        var change = Assert.Single(events, e => e.GetProperty("message").GetString()!.StartsWith($"file[{target}]: changed", StringComparison.Ordinal));
        Assert.Equal(2010, change.GetProperty("event").GetInt32());
        Assert.Contains("+++ " + target + "\n@@ -0,0 +1,3 @@\n+alpha\n+beta two\n+gamma", change.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_level_warn_hides_the_information_lines()
    {
        var (code, p) = await MgmtProcess.RunAsync(Once("--log-level", "warn", "lang", Program(_dir.File("quiet.txt"))));
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Equal("", p.Stderr.Trim());
        Assert.True(File.Exists(_dir.File("quiet.txt")));
    }

    [Theory]
    [InlineData("--log-format", "xml", "--log-format expects one of text, json, got 'xml'")]
    [InlineData("--log-level", "loud", "--log-level expects one of trace, debug, info, warn, error, got 'loud'")]
    [InlineData("--ui", "localhost", "--ui: address 'localhost' has no port")]
    [InlineData("--prometheus-listen", "example.com:80", "the host 'example.com' is not an IP address")]
    public async Task Bad_observability_flags_say_what_they_expect(string flag, string value, string message)
    {
        var (code, p) = await MgmtProcess.RunAsync(["run", flag, value, "empty"]);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains(message, p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_streams_each_line_of_its_output_with_its_name()
    {
        var program = _dir.Write("e.yaml", """
            graph: stream
            resources:
              exec:
                - {name: talker, cmd: "/bin/sh", args: ["-c", "echo first; echo second >&2"]}
            """);
        var (code, p) = await MgmtProcess.RunAsync(Once("yaml", program));
        await using var _ = p;
        Assert.Equal(0, code);
        Assert.Matches(@"(?m)^\d\d:\d\d:\d\d\.\d+ info exec\[talker\]: cmd: first$", p.Stderr);
        Assert.Matches(@"(?m)^\d\d:\d\d:\d\d\.\d+ info exec\[talker\]: cmd: second$", p.Stderr);
    }

    public void Dispose() => _dir.Dispose();
}
