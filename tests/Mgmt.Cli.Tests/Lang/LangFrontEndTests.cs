namespace Mgmt.Cli.Tests.Lang;

/// <summary>
/// The mcl front end in process with real files, the real compiler and runtime, and the real inotify hub: how it
/// follows the program's sources, swaps edited programs in, and reports mistakes.
/// </summary>
public sealed class LangFrontEndTests
{
    private static string Program(string content) => $$"""
        file "/tmp/mgmt-lang-test-unused" {
        	content => "{{content}}",
        }

        """;

    private const string Target = "/tmp/mgmt-lang-test-unused";

    [Fact]
    public async Task An_edit_of_the_program_yields_the_graph_of_the_edited_program()
    {
        await using var host = new LangHost();
        host.Write("main.mcl", Program("one"));
        host.Start("main.mcl");
        Assert.Equal("one", LangHost.Content(await host.NextGraphAsync(), Target));

        host.Write("main.mcl", Program("two"));
        Assert.Equal("two", LangHost.Content(await host.NextGraphAsync(), Target));
        Assert.Contains("changed: starting the edited program", host.Log, StringComparison.Ordinal);
        Assert.Contains("took over", host.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_the_same_text_again_restarts_nothing()
    {
        await using var host = new LangHost();
        host.Write("main.mcl", Program("one"));
        host.Start("main.mcl");
        await host.NextGraphAsync();

        host.Write("main.mcl", Program("one"));
        Assert.True(await host.QuietForAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Contains("did not change; nothing to restart", host.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("starting the edited program", host.Log, StringComparison.Ordinal);

        host.Write("main.mcl", Program("three"));
        Assert.Equal("three", LangHost.Content(await host.NextGraphAsync(), Target));
    }

    [Fact]
    public async Task A_broken_edit_is_reported_with_its_place_and_the_program_carries_on()
    {
        await using var host = new LangHost();
        var main = host.Write("main.mcl", Program("one"));
        host.Start("main.mcl");
        await host.NextGraphAsync();

        host.Write("main.mcl", "$x = = 1\n" + Program("broken"));
        var result = await host.NextAsync();
        Assert.Null(result.Graph);
        Assert.False(result.ProgramStopped);
        var error = Assert.Single(result.Errors);
        Assert.Equal(main, error.File);
        Assert.Equal(1, error.Line);
        Assert.StartsWith($"lexparse: ", error.Rendered, StringComparison.Ordinal);
        Assert.Contains($"{main} @ 1:6-1:7\n\n    $x = = 1\n         ^", error.Rendered, StringComparison.Ordinal);
        Assert.Contains("does not compile; the running program carries on", host.Log, StringComparison.Ordinal);

        host.Write("main.mcl", Program("fixed"));
        Assert.Equal("fixed", LangHost.Content(await host.NextGraphAsync(), Target));
    }

    [Fact]
    public async Task An_edit_of_an_imported_file_is_followed()
    {
        await using var host = new LangHost();
        host.Write("lib.mcl", "$text = \"one\"\n");
        host.Write("main.mcl", $"import \"lib.mcl\"\nfile \"{Target}\" {{\n\tcontent => $lib.text,\n}}\n");
        host.Start("main.mcl");
        Assert.Equal("one", LangHost.Content(await host.NextGraphAsync(), Target));

        host.Write("lib.mcl", "$text = \"two\"\n");
        Assert.Equal("two", LangHost.Content(await host.NextGraphAsync(), Target));
    }

    [Fact]
    public async Task A_directory_program_follows_a_new_metadata_file()
    {
        await using var host = new LangHost();
        host.Write("main.mcl", Program("from main"));
        host.Write("other.mcl", Program("from other"));
        host.Start(host.Directory);
        Assert.Equal("from main", LangHost.Content(await host.NextGraphAsync(), Target));

        // The directory had no metadata.yaml: the compiler looked for one, so its appearance is followed.
        host.Write("metadata.yaml", "main: other.mcl\n");
        Assert.Equal("from other", LangHost.Content(await host.NextGraphAsync(), Target));
    }

    [Fact]
    public async Task A_run_time_error_stops_the_program_and_a_fixed_edit_runs_again()
    {
        await using var host = new LangHost();
        var data = host.Write("n", "21");
        var program = $$"""
            import "convert"
            import "os"
            file "{{Target}}" {
            	content => convert.format_bool(convert.str_to_int(os.readfile("{{data}}")) > 0),
            }

            """;
        host.Write("main.mcl", program);
        host.Start("main.mcl");
        Assert.Equal("true", LangHost.Content(await host.NextGraphAsync(), Target));

        host.Write("n", "not a number");
        var stopped = await host.NextAsync();
        Assert.True(stopped.ProgramStopped);
        var error = Assert.Single(stopped.Errors);
        Assert.StartsWith("stream: ", error.Rendered, StringComparison.Ordinal);
        Assert.Contains("convert.str_to_int(os.readfile(", error.Rendered, StringComparison.Ordinal);
        Assert.Contains("the program stopped on the error below", host.Log, StringComparison.Ordinal);

        // The data is fixed, but the program stays stopped: only an edit of its sources starts it again.
        host.Write("n", "5");
        Assert.True(await host.QuietForAsync(TimeSpan.FromMilliseconds(500)));
        var read = $"convert.str_to_int(os.readfile(\"{data}\"))";
        host.Write("main.mcl", program.Replace(read, $"({read} <|> 0)", StringComparison.Ordinal));
        Assert.Equal("true", LangHost.Content(await host.NextGraphAsync(), Target));
    }

    [Fact]
    public async Task The_running_program_carries_on_until_the_edited_one_has_its_first_graph()
    {
        await using var host = new LangHost();
        var data = host.Write("data", "a");
        host.Write("main.mcl", $"import \"os\"\nfile \"{Target}\" {{\n\tcontent => os.readfile(\"{data}\"),\n}}\n");
        host.Start("main.mcl");
        Assert.Equal("a", LangHost.Content(await host.NextGraphAsync(), Target));

        // The edited program needs an hour of history before its first graph: it waits, the old one runs on.
        host.Write("main.mcl", $"import \"os\"\nfile \"{Target}\" {{\n\tcontent => history(os.readfile(\"{data}\"), 3600000),\n}}\n");
        Assert.True(await host.QuietForAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Contains("starting the edited program", host.Log, StringComparison.Ordinal);
        host.Write("data", "b");
        Assert.Equal("b", LangHost.Content(await host.NextGraphAsync(), Target));

        // A third version replaces the waiting one and takes over at once.
        host.Write("main.mcl", $"file \"{Target}\" {{\n\tcontent => \"c\",\n}}\n");
        Assert.Equal("c", LangHost.Content(await host.NextGraphAsync(), Target));
        host.Write("data", "d");
        Assert.True(await host.QuietForAsync(TimeSpan.FromMilliseconds(500)), "the replaced program must be stopped");
    }

    [Fact]
    public async Task Without_watching_an_edit_changes_nothing()
    {
        await using var host = new LangHost(watch: false);
        host.Write("main.mcl", Program("one"));
        host.Start("main.mcl");
        await host.NextGraphAsync();
        host.Write("main.mcl", Program("two"));
        Assert.True(await host.QuietForAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_first_compile_error_ends_the_stream()
    {
        await using var host = new LangHost();
        host.Write("main.mcl", "file \"/tmp/x\" {\n\tcontent => $missing,\n}\n");
        host.Start("main.mcl");
        var result = await host.NextAsync();
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("setscope: ", error.Rendered, StringComparison.Ordinal);
        Assert.Contains("\n\n    \tcontent => $missing,\n    \t           ^^^^^^^^", error.Rendered, StringComparison.Ordinal);
        Assert.True(await host.EndsAsync());
    }

    [Fact]
    public async Task A_run_time_error_before_the_first_graph_ends_the_stream()
    {
        await using var host = new LangHost();
        host.Write("main.mcl", "$l = [\"a\"]\nfile \"/tmp/x\" {\n\tcontent => $l[3],\n}\n");
        host.Start("main.mcl");
        var result = await host.NextAsync();
        Assert.False(result.ProgramStopped);
        Assert.StartsWith("stream: ", Assert.Single(result.Errors).Rendered, StringComparison.Ordinal);
        Assert.True(await host.EndsAsync());
    }

    [Fact]
    public async Task A_program_can_come_from_stdin()
    {
        await using var host = new LangHost();
        host.Start("-", () => new StringReader(Program("piped")));
        Assert.Equal("piped", LangHost.Content(await host.NextGraphAsync(), Target));
    }

    [Fact]
    public async Task Errors_of_a_program_from_stdin_name_stdin()
    {
        await using var host = new LangHost();
        host.Start("-", () => new StringReader("$x = \n"));
        var error = Assert.Single((await host.NextAsync()).Errors);
        Assert.Equal("<stdin>", error.File);
        Assert.Contains("<stdin> @ 1:", error.Rendered, StringComparison.Ordinal);
    }
}
