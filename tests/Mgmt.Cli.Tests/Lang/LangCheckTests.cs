using Mgmt.Cli.Tests.CommandLine;

namespace Mgmt.Cli.Tests.Lang;

/// <summary><c>mgmt check lang</c>: compiles and builds the function graph, runs nothing, exits 0 or 2.</summary>
public sealed class LangCheckTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-check-lang-");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_good_program_is_ok_and_nothing_runs()
    {
        var target = Path.Combine(_dir.FullName, "never");
        var program = Write("ok.mcl", $"import \"datetime\"\nfile \"{target}\" {{\n\tstate => \"exists\",\n\tcontent => datetime.print(datetime.now()),\n}}\n");
        var (code, output, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.Equal(0, code);
        // The clock is read only when the program runs, so check does not compute its graph, and says why.
        Assert.Equal($"ok: {program} compiles (1 source file(s) looked at); its resource graph was not computed: it depends on datetime.print at {program}:4:13, known only when it runs\n", output);
        Assert.Equal("", error);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_directory_with_a_module_is_checked_whole()
    {
        Write("site/main.mcl", "import \"lib/\"\nfile \"/tmp/x\" {\n\tcontent => $lib.text,\n}\n");
        Write("site/lib/main.mcl", "$text = 42\n");
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", Path.Combine(_dir.FullName, "site")]);
        Assert.Equal(2, code);
        Assert.StartsWith("mgmt: error: unify: type error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistake_is_printed_with_its_phase_position_and_caret_and_exits_2()
    {
        var program = Write("bad.mcl", "$x = 1\n$x = 2\n");
        var (code, output, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("mgmt: error: setscope: ", error, StringComparison.Ordinal);
        Assert.Contains($"{program} @ 2:", error, StringComparison.Ordinal);
        Assert.EndsWith("\n\n    $x = 2\n    ^^^^^^\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_graph_phase_mistake_is_found_without_running()
    {
        // noop is given twice: on its own and in the whole Meta struct. Only building the function graph tells.
        var program = Write("dup.mcl", """
            file "/tmp/x" {
            	Meta => struct{
            		noop => false,
            		retry => 0,
            		retryreset => false,
            		delay => 0,
            		timeout => 0,
            		poll => 0,
            		limit => 0.0,
            		burst => 0,
            		reset => false,
            		sema => [],
            		rewatch => false,
            		realize => false,
            		dollar => false,
            		hidden => false,
            		export => [],
            		reverse => false,
            		autoedge => true,
            		autogroup => true,
            	},
            	Meta:noop => true,
            }

            """);
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.Equal(2, code);
        Assert.StartsWith("mgmt: error: graph: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.mcl", "there is no such file or directory")]
    [InlineData("notes.txt", "this is not an mcl program")]
    public async Task An_input_that_is_not_a_program_exits_2(string name, string message)
    {
        if (name.EndsWith(".txt", StringComparison.Ordinal)) Write(name, "hello\n");
        var path = Path.Combine(_dir.FullName, name);
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", path]);
        Assert.Equal(2, code);
        Assert.StartsWith($"mgmt: error: {path}: {message}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_directory_is_not_a_program()
    {
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", _dir.FullName]);
        Assert.Equal(2, code);
        Assert.StartsWith($"mgmt: error: {_dir.FullName}: this directory has neither a metadata.yaml nor a main.mcl", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
