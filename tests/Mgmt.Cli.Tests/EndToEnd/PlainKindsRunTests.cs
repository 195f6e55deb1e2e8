namespace Mgmt.Cli.Tests.EndToEnd;

/// <summary>The new plain kinds and front-end inputs through the real binary: exit codes, inline code, YAML exports.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class PlainKindsRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_exit_resource_stops_the_agent_with_its_code_after_its_dependencies()
    {
        var marker = _dir.File("before-exit");
        var program = _dir.Write("exit.mcl", $$"""
            file "{{marker}}" {
            	state => "exists",
            	content => "done\n",
            	Before => Exit["bye"],
            }
            exit "bye" {
            	code => 42,
            }
            """);
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "lang", program]);
        Assert.True(code == 42, p.Stderr);
        Assert.Equal("done\n", await File.ReadAllTextAsync(marker, TestContext.Current.CancellationToken));
        Assert.Contains("exit[bye] asks the agent to stop with exit code 42", p.Stderr);
    }

    [Fact]
    public async Task Inline_code_is_run_as_the_program()
    {
        var target = _dir.File("inline.txt");
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "lang",
            $"file \"{target}\" {{ state => \"exists\", content => \"inline\\n\", }}"]);
        Assert.True(code == 0, p.Stderr);
        Assert.Equal("inline\n", await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_yaml_graph_exports_with_at_at_and_collects_it_back_and_old_parameters_only_warn()
    {
        var target = _dir.File("collected.txt");
        var graph = _dir.Write("c.yaml", $$"""
            graph: exported
            resources:
              file:
                - name: "@@{{target}}"
                  state: exists
                  content: "from the world\n"
              exec:
                - name: old
                  cmd: "true"
                  shell: /bin/sh
                  pollint: 0
                  state: present
            collect:
              - kind: file
            """);
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=1", "yaml", graph]);
        Assert.True(code == 0, p.Stderr);
        Assert.Equal("from the world\n", await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));
        Assert.Contains("c.yaml:11:", p.Stderr); // pollint, with its place
        Assert.Contains("'pollint' is no longer a parameter", p.Stderr);
        Assert.Contains("'state' is no longer a parameter of exec", p.Stderr);
    }

    [Fact]
    public async Task A_yaml_export_nobody_collects_is_not_run_here()
    {
        var target = _dir.File("exported-only.txt");
        var graph = _dir.Write("e.yaml", $$"""
            graph: e
            resources:
              file:
                - name: "@@{{target}}"
                  state: exists
                  content: "x"
              noop:
                - name: n
            """);
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", "yaml", graph]);
        Assert.True(code == 0, p.Stderr);
        Assert.False(File.Exists(target));
    }
}
