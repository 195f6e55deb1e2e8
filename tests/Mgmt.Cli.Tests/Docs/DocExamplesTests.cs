using Mgmt.Cli.Tests.CommandLine;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Docs;

/// <summary>
/// Every mcl and YAML example of docs/ is what the page says it is: a program <c>mgmt check</c> accepts, a mistake
/// it refuses, or (marked, with a reason) not a program at all; and the examples marked to run do run.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class DocExamplesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var e in DocExample.All()) data.Add(e.ToString());
        return data;
    }

    private static DocExample Find(string name) => DocExample.All().Single(e => e.ToString() == name);

    [Fact]
    public void The_docs_have_examples_of_each_sort()
    {
        var all = DocExample.All();
        Assert.True(all.Count > 80, $"only {all.Count} examples found: is the pattern still right?");
        Assert.Contains(all, e => e.MustRun);
        Assert.Contains(all, e => e.MustBeRefused);
        Assert.Contains(all, e => !e.IsProgram);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Check_says_what_the_page_says(string name)
    {
        var example = Find(name);
        if (!example.IsProgram) return; // marked with the reason; nothing to check
        var file = _dir.Write($"example.{(example.Language == "mcl" ? "mcl" : "yaml")}", example.Text);
        var (code, output, error) = await CliRun.RunAsync(["check", example.FrontEnd, file]);
        if (example.MustBeRefused) Assert.True(code == 2, $"{name} should be refused by check, but:\n{output}{error}");
        else Assert.True(code == 0, $"{name} does not pass check:\n{example.Text}\n{error}");
    }

    public static TheoryData<string> Runnable()
    {
        var data = new TheoryData<string>();
        foreach (var e in DocExample.All().Where(e => e.MustRun)) data.Add(e.ToString());
        return data;
    }

    /// <summary>
    /// The example runs to convergence with a temporary prefix. Paths under /tmp/ are moved into this test's
    /// directory, so runs do not meet each other or leave anything behind.
    /// </summary>
    [Theory]
    [MemberData(nameof(Runnable))]
    public async Task A_runnable_example_runs(string name)
    {
        var example = Find(name);
        var text = example.Text.Replace("\"/tmp/", $"\"{_dir.Path}/", StringComparison.Ordinal)
            .Replace(" /tmp/", $" {_dir.Path}/", StringComparison.Ordinal);
        var file = _dir.Write($"run.{(example.Language == "mcl" ? "mcl" : "yaml")}", text);
        var (code, p) = await MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", example.FrontEnd, file]);
        await using (p) Assert.True(code == 0, $"{name} did not run:\n{text}\n{p.Stderr}");
    }
}
