using Mgmt.Cli.Tests.CommandLine;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Deploys;

/// <summary>Mistakes on the deploy command lines: each names the flag or argument and what it expects, before anything is stored.</summary>
public sealed class DeployCommandLineTests
{
    [Theory]
    [InlineData("give the cluster with --seeds URL", "deploy", "empty")]
    [InlineData("N is \"two\": give a deploy id", "deploy", "--seeds=http://127.0.0.1:1", "show", "two")]
    [InlineData("--force overrides the git check, which --no-git skips", "deploy", "--seeds=http://127.0.0.1:1", "--force", "--no-git", "empty")]
    [InlineData("--rollout", "deploy", "--seeds=http://127.0.0.1:1", "--rollout=later", "empty")]
    [InlineData("--trust and --insecure-deploys apply to an agent that follows a cluster's deploys", "run", "--insecure-deploys", "empty")]
    [InlineData("--insecure-deploys accepts unsigned deploys, --trust demands signed ones", "run", "--seeds=http://127.0.0.1:1", "--trust=/nonexistent", "--insecure-deploys", "empty")]
    [InlineData("--trust /nonexistent: no such file or directory", "run", "--seeds=http://127.0.0.1:1", "--trust=/nonexistent", "empty")]
    public async Task A_mistake_is_a_usage_error_that_says_what_to_give(string message, params string[] args)
    {
        var (code, _, error) = await CliRun.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_does_not_compile_is_never_stored()
    {
        using var dir = new TempDir();
        var bad = dir.Write("bad.mcl", "file \"/tmp/x\" { nonsense => 1, }\n");
        // The cluster is not even reachable: the compile comes first.
        var (code, _, error) = await CliRun.RunAsync(["deploy", "--seeds=http://127.0.0.1:1", "lang", bad]);
        Assert.Equal(2, code);
        Assert.Contains("nothing was deployed", error, StringComparison.Ordinal);
        var (missing, _, missingError) = await CliRun.RunAsync(["deploy", "--seeds=http://127.0.0.1:1", "yaml", dir.File("absent.yaml")]);
        Assert.Equal(2, missing);
        Assert.Contains("no such file or directory", missingError, StringComparison.Ordinal);
    }
}
