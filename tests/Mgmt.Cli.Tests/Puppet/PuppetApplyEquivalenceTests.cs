using Mgmt.Cli.Tests.EndToEnd;
using Mgmt.Platform.Processes;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>
/// The same manifest applied by <c>puppet apply</c> and by <c>mgmt run puppet --converged-exit</c>, each to a root of
/// its own prepared the same way, leaves the same files, modes, owners, contents and links, the same hosts entries,
/// and the same commands run the same number of times (refreshes included). Needs the real Puppet.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class PuppetApplyEquivalenceTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mgmt_leaves_the_machine_as_puppet_apply_does()
    {
        var puppet = PuppetInstalled.Require();
        var manifest = PuppetFixtureManifest.Write(_dir.File("code"));
        var modules = PuppetInstalled.ModulePath(_dir.File("code/modules"));
        var byPuppet = _dir.File("by-puppet");
        var byMgmt = _dir.File("by-mgmt");
        PuppetFixtureManifest.Prepare(byPuppet);
        PuppetFixtureManifest.Prepare(byMgmt);

        var applied = await ProcessRunner.RunAsync(new ProcessSpec
        {
            Command = puppet.PuppetPath,
            Args = ["apply", "--color=false", "--detailed-exitcodes", "--modulepath", modules, manifest],
            Environment = Env(byPuppet),
            Timeout = TimeSpan.FromMinutes(3),
        }, Cancel);
        // --detailed-exitcodes: 2 means "changes were applied, no failure".
        Assert.True(applied.ExitCode == 2, $"puppet apply failed ({applied.ExitCode}): {applied.Output}");

        var (code, mgmt) = await MgmtProcess.RunAsync(
            ["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "puppet", "--modulepath", modules, manifest],
            timeoutSeconds: 180, environment: new Dictionary<string, string> { ["FACTER_root"] = byMgmt });
        await using var _ = mgmt;
        Assert.True(code == 0, $"mgmt failed ({code}): {mgmt.Stderr}");

        Assert.Equal(MachineState.Snapshot(byPuppet, "hosts", "log"), MachineState.Snapshot(byMgmt, "hosts", "log"));
        Assert.Equal(MachineState.HostsEntries(byPuppet + "/hosts"), MachineState.HostsEntries(byMgmt + "/hosts"));
        Assert.Equal(MachineState.SortedLines(byPuppet + "/log"), MachineState.SortedLines(byMgmt + "/log"));
        Assert.DoesNotContain("never", File.ReadAllText(byMgmt + "/log"), StringComparison.Ordinal);

        // What has no native kind went through one helper process, started once for both such resources.
        Assert.Contains("Puppet type Tidy: it has no native kind", mgmt.Stderr, StringComparison.Ordinal);
        Assert.Contains("Puppet type File, attribute replace:", mgmt.Stderr, StringComparison.Ordinal);
        Assert.Single(mgmt.Stderr.Split('\n'), l => l.Contains("starting the Puppet helper", StringComparison.Ordinal));
        Assert.Equal("user content\n", File.ReadAllText(byMgmt + "/keep.txt"));
        Assert.False(File.Exists(byMgmt + "/junk/x.tmp"));

        // Commands related by a relationship ran in its order (unrelated ones may run in any order, in parallel).
        var order = File.ReadAllLines(byMgmt + "/log").ToList();
        foreach (var (before, after) in new[] { ("first", "first-done"), ("req-first", "req"), ("before-it", "subscriber"), ("reload-web", "after-web"), ("vhost-a", "after-web") })
        {
            if (after != "first-done") Assert.True(order.IndexOf(before) < order.IndexOf(after), $"{before} should run before {after}: {string.Join(", ", order)}");
        }
        Assert.True(File.Exists(byMgmt + "/first-done"));
    }

    // The agent's own environment, with the root fact for the manifest.
    private static Dictionary<string, string> Env(string root)
    {
        var env = Mgmt.Cli.FrontEnds.Puppet.PuppetCompiler.InheritedEnvironment();
        env["FACTER_root"] = root;
        return env;
    }

    public void Dispose() => _dir.Dispose();
}
