namespace Mgmt.Cli.Tests.CommandLine;

/// <summary><c>mgmt fmt</c> on files and directories: in place, <c>--check</c>, refusals; and the examples keep their meaning.</summary>
public sealed class FmtCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-fmt-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Check_lists_unformatted_files_exits_1_and_changes_nothing()
    {
        var messy = Write("a/messy.mcl", "print \"p\" {\n  msg=>\"x\",\n}\n");
        Write("a/tidy.mcl", "print \"q\" {\n\tmsg => \"y\",\n}\n");
        var (code, output, error) = await CliRun.RunAsync(["fmt", "--check", _dir.FullName]);
        Assert.True(code == 1, error);
        Assert.Equal($"{messy}: not formatted\n", output);
        Assert.Equal("print \"p\" {\n  msg=>\"x\",\n}\n", File.ReadAllText(messy));
    }

    [Fact]
    public async Task Without_check_files_are_rewritten_in_place_keeping_their_mode()
    {
        var messy = Write("messy.mcl", "print \"p\" {\n  msg=>\"x\",   # why\n}\n");
        File.SetUnixFileMode(messy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var (code, output, _) = await CliRun.RunAsync(["fmt", messy]);
        Assert.Equal(0, code);
        Assert.Equal($"{messy}: formatted\n", output);
        Assert.Equal("print \"p\" {\n\tmsg => \"x\",   # why\n}\n", File.ReadAllText(messy));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(messy));
        Assert.Equal(["messy.mcl"], _dir.GetFiles().Select(f => f.Name)); // no temporary file left behind
        Assert.Equal((0, "", ""), await CliRun.RunAsync(["fmt", "--check", messy]));
    }

    [Fact]
    public async Task A_file_that_does_not_parse_is_reported_with_a_caret_and_left_alone()
    {
        var bad = Write("bad.mcl", "print \"p\" {\n  msg => ,\n}\n");
        var (code, _, error) = await CliRun.RunAsync(["fmt", bad]);
        Assert.Equal(2, code);
        Assert.StartsWith("mgmt: error: lexparse: ", error, StringComparison.Ordinal);
        Assert.Contains("\n  msg => ,\n", error);
        Assert.Equal("print \"p\" {\n  msg => ,\n}\n", File.ReadAllText(bad));
    }

    [Fact]
    public async Task A_missing_path_is_a_usage_error()
    {
        var (code, _, error) = await CliRun.RunAsync(["fmt", Path.Combine(_dir.FullName, "nope")]);
        Assert.Equal(2, code);
        Assert.Contains("PATH expects an .mcl file or a directory, but there is nothing at", error);
    }

    [Fact]
    public async Task The_examples_check_the_same_once_formatted()
    {
        var examples = Path.Combine(Lang.LangExamples.Directory);
        var copy = Path.Combine(_dir.FullName, "mcl");
        CopyTree(examples, copy);
        var inputs = Directory.GetFiles(copy, "*.mcl").Concat(Directory.GetDirectories(copy).Select(d => d + "/")).Order().ToList();
        var before = new List<string>();
        foreach (var input in inputs) before.Add(Summary(await CliRun.RunAsync(["check", "lang", input])));
        Assert.Equal(0, (await CliRun.RunAsync(["fmt", copy])).Code);
        Assert.Equal(0, (await CliRun.RunAsync(["fmt", "--check", copy])).Code);
        var after = new List<string>();
        foreach (var input in inputs) after.Add(Summary(await CliRun.RunAsync(["check", "lang", input])));
        Assert.Equal(before, after);
        Assert.Contains(before, s => s.Contains("its graph has", StringComparison.Ordinal));
    }

    private static string Summary((int Code, string Out, string Err) r) => $"{r.Code} {r.Out}{r.Err}";

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyTree(d, Path.Combine(to, Path.GetFileName(d)));
    }
}
