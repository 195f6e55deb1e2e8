using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>
/// <c>mgmt run puppet</c> and <c>mgmt check puppet</c> with the real Puppet: mistakes shown at their place, Puppet
/// missing, inline code, and a running agent that follows edits of the manifest (applying only the difference) and
/// repairs drift.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class PuppetRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_syntax_error_is_shown_at_its_file_line_and_column_with_a_caret_and_nothing_runs()
    {
        PuppetInstalled.Require();
        var marker = _dir.File("must-not-exist");
        var manifest = _dir.Write("bad.pp", $"file {{ '{marker}':\n  ensure => file,\n  content => 'a'\n  mode => '0644',\n}}\n");
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "puppet", manifest], timeoutSeconds: 120);
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains($"mgmt: error: {manifest}:4:3: Puppet: ", p.Stderr, StringComparison.Ordinal);
        Assert.Contains("Syntax error at 'mode'\n  mode => '0644',\n  ^\n", p.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", p.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Check_compiles_and_translates_and_reports_a_relationship_to_nothing_at_its_line()
    {
        PuppetInstalled.Require();
        var good = _dir.Write("good.pp", $"file {{ '{_dir.File("x")}': content => 'x' }} -> exec {{ '/bin/true': }}\ntidy {{ '{_dir.Path}': age => '1w' }}\n");
        var (code, p) = await MgmtProcess.RunAsync(["check", "puppet", good], timeoutSeconds: 120);
        await using (p)
        {
            Assert.True(code == 0, p.Stderr);
            Assert.Contains("good.pp compiles into 3 resources (2 native, 1 through Puppet itself) and 1 edges", p.Stdout, StringComparison.Ordinal);
            Assert.False(File.Exists(_dir.File("x")));
        }

        var (bad, q) = await MgmtProcess.RunAsync(["check", "puppet", "-e", "exec { '/bin/true': require => File['/nope'] }"], timeoutSeconds: 120);
        await using var _ = q;
        Assert.Equal(2, bad);
        Assert.Contains("mgmt: error: the code given with -e:1: Puppet: Could not find resource 'File[/nope]' in parameter 'require'", q.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_puppet_the_message_says_how_to_install_it()
    {
        var (code, p) = await MgmtProcess.RunAsync(["check", "puppet", "-e", "notify { 'x': }"], environment: new Dictionary<string, string> { ["PATH"] = _dir.Path });
        await using var _ = p;
        Assert.Equal(2, code);
        Assert.Contains("Puppet is not installed (no 'puppet' command on PATH): install it with 'apt-get install puppet-agent'", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_and_code_together_or_neither_is_a_usage_error()
    {
        var (neither, p) = await MgmtProcess.RunAsync(["check", "puppet"]);
        await using (p)
        {
            Assert.Equal(2, neither);
            Assert.Contains("'puppet' needs a manifest: give FILE.pp, a directory, or -e CODE", p.Stderr, StringComparison.Ordinal);
        }
        var (both, q) = await MgmtProcess.RunAsync(["check", "puppet", "-e", "notify{'x':}", _dir.Write("a.pp", "")]);
        await using var _ = q;
        Assert.Equal(2, both);
        Assert.Contains("give either a manifest or -e CODE, not both", q.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_of_the_manifest_applies_only_the_difference_and_drift_is_repaired()
    {
        PuppetInstalled.Require();
        var root = _dir.File("root");
        Directory.CreateDirectory(root);
        var manifest = _dir.Write("site.pp", $"file {{ '{root}/a': content => \"a\\n\" }}\nfile {{ '{root}/b': content => \"b1\\n\" }}\n");
        await using var agent = MgmtProcess.Start(["run", "--tmp-prefix", "puppet", manifest]);
        await agent.WaitForLogAsync($"file[{root}/b]: changed ", TimeSpan.FromSeconds(120));
        await agent.WaitForLogAsync($"file[{root}/a]: changed ", TimeSpan.FromSeconds(30));

        // Saved as editors save: a new file renamed over the old one.
        File.WriteAllText(manifest + ".new", $"file {{ '{root}/a': content => \"a\\n\" }}\nfile {{ '{root}/b': content => \"b2\\n\" }}\nfile {{ '{root}/c': content => \"c\\n\" }}\n");
        File.Move(manifest + ".new", manifest, overwrite: true);
        await agent.WaitForLogAsync($"file[{root}/c]: changed ", TimeSpan.FromSeconds(120));
        await agent.WaitForLogAsync($"file[{root}/b]: changed ", TimeSpan.FromSeconds(30), occurrences: 2);
        Assert.Equal("b2\n", File.ReadAllText(root + "/b"));
        Assert.Equal(1, Count(agent.Stderr, $"file[{root}/a]: changed "));

        // An unchanged catalog (a comment added) changes nothing.
        File.AppendAllText(manifest, "# a comment\n");
        await agent.WaitForLogAsync("the new catalog is the same as the running one", TimeSpan.FromSeconds(120));

        File.Delete(root + "/a");
        await agent.WaitForLogAsync($"file[{root}/a]: changed ", TimeSpan.FromSeconds(30), occurrences: 2);
        Assert.Equal("a\n", File.ReadAllText(root + "/a"));

        agent.Signal(2);
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Inline_code_runs_and_a_type_without_native_kind_goes_through_the_helper()
    {
        PuppetInstalled.Require();
        var junk = _dir.File("junk");
        Directory.CreateDirectory(junk);
        File.WriteAllText(junk + "/old.tmp", "x");
        var code = $"file {{ '{_dir.File("inline")}': content => 'from -e' }}\ntidy {{ '{junk}': recurse => true, matches => ['*.tmp'] }}";
        var (exit, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "puppet", "-e", code], timeoutSeconds: 180);
        await using var _ = p;
        Assert.True(exit == 0, p.Stderr);
        Assert.Equal("from -e", File.ReadAllText(_dir.File("inline")));
        Assert.False(File.Exists(junk + "/old.tmp"));
        Assert.Contains("Puppet: /File[" + junk + "/old.tmp]/ensure: removed", p.Stderr, StringComparison.Ordinal);
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    public void Dispose() => _dir.Dispose();
}
