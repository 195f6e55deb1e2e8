using Mgmt.Cli.Tests.CommandLine;

namespace Mgmt.Cli.Tests.Lang;

/// <summary>
/// <c>check</c> finds, before anything runs, the mistakes a run would find: a misspelt kind (with the kind it
/// probably is), two declarations of one resource that differ, a cycle of edges; each with its place and a caret.
/// </summary>
public sealed class CheckFindsEverythingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-check-finds-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_misspelt_kind_is_shown_at_the_kind_with_the_kind_it_probably_is()
    {
        var program = Write("typo.mcl", "fiel \"/tmp/x\" {\n\tcontent => \"hi\",\n}\n");
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.Equal(2, code);
        Assert.Contains("there is no resource kind `fiel`; did you mean `file`?", error);
        Assert.Contains($"{program} @ 1:1-1:5", error);
        Assert.Contains("\n    fiel \"/tmp/x\" {\n    ^^^^\n", error);
    }

    [Fact]
    public async Task A_kind_far_from_any_other_gets_no_guess()
    {
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", "zzzzzzzz \"x\" {\n\tcontent => \"hi\",\n}\n"]);
        Assert.Equal(2, code);
        Assert.Contains("there is no resource kind `zzzzzzzz` (check the spelling", error);
        Assert.DoesNotContain("did you mean", error);
    }

    [Fact]
    public async Task Two_declarations_that_differ_are_found_by_check()
    {
        var target = Path.Combine(_dir.FullName, "x");
        var program = Write("dup.mcl", $"file \"{target}\" {{\n\tcontent => \"hi\",\n}}\nfile \"{target}\" {{\n\tcontent => \"ho\",\n}}\n");
        var (code, output, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.True(code == 2, output + error);
        Assert.Contains("is declared twice with different parameters", error);
        Assert.Contains($"{program} @ 4:1-6:2", error);
        Assert.Contains("^ from here ...", error);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Identical_declarations_are_fine()
    {
        var program = Write("same.mcl", "print \"p\" {\n\tmsg => \"hi\",\n}\nprint \"p\" {\n\tmsg => \"hi\",\n}\n");
        var (code, output, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.True(code == 0, error);
        Assert.Contains("its graph has 1 resources and 0 edges", output);
    }

    [Fact]
    public async Task A_cycle_is_found_by_check_at_the_edges_that_make_it()
    {
        var program = Write("cycle.mcl", """
            print "a" {
            	msg => "a",
            }
            print "b" {
            	msg => "b",
            }
            Print["a"] -> Print["b"]
            Print["b"] -> Print["a"]

            """);
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.Equal(2, code);
        Assert.Contains("the resource graph has a cycle", error);
        Assert.Contains($"{program} @ 8:1-8:25", error);
        Assert.Contains($"{program} @ 7:1-7:25", error);
        // One of the two edges is underlined (the one that closes the cycle as the graph found it).
        Assert.Matches("\n    Print\\[\"[ab]\"\\] -> Print\\[\"[ab]\"\\]\n    \\^{24}\n", error);
    }

    [Fact]
    public async Task A_value_a_resource_refuses_is_found_by_check()
    {
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", "timer \"t\" {\n\tinterval => 0,\n}\n"]);
        Assert.Equal(2, code);
        Assert.Contains("interpret: timer[t] is not valid", error);
    }

    [Fact]
    public async Task A_program_that_runs_a_command_is_not_evaluated_by_check()
    {
        var marker = Path.Combine(_dir.FullName, "ran");
        var program = Write("system.mcl", $"import \"os\"\nprint \"p\" {{\n\tmsg => os.system(\"touch {marker}\"),\n}}\n");
        var (code, output, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.True(code == 0, error);
        Assert.Contains("its resource graph was not computed: it depends on os.system at", output);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_yaml_mistake_is_shown_with_its_line_and_a_caret()
    {
        var file = Write("bad.yaml", "resources:\n  fiel:\n  - name: x\n");
        var (code, _, error) = await CliRun.RunAsync(["check", "yaml", file]);
        Assert.Equal(2, code);
        Assert.Contains($"{file}:2:3: there is no resource kind 'fiel'; did you mean 'file'?", error);
        Assert.Contains("\n\n      fiel:\n      ^\n", error);
    }
}
