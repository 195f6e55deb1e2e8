using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.FrontEnds.Yaml;
using Mgmt.Cli.Logging;
using Mgmt.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Tests.Yaml;

public sealed class YamlFrontEndTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-yaml-test-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static FrontEndContext Context(bool watch) => new()
    {
        Registry = ResourceKinds.CreateRegistry(),
        Hostname = "h",
        Loggers = new LineLoggerFactory(TextWriter.Null, LogLevel.Information),
        Watch = watch,
    };

    [Fact]
    public async Task Without_watching_it_yields_one_graph_and_ends()
    {
        var file = PathOf("g.yaml");
        await File.WriteAllTextAsync(file, "resources:\n  noop: [{name: a}]\n", TestContext.Current.CancellationToken);
        var results = new List<FrontEndResult>();
        await foreach (var r in new YamlFrontEnd(file).GraphsAsync(Context(watch: false), TestContext.Current.CancellationToken)) results.Add(r);
        Assert.Equal("Vertex: noop[a]", Assert.Single(results).Graph!.Sprint());
    }

    [Fact]
    public async Task A_missing_file_is_reported_by_name()
    {
        var file = PathOf("missing.yaml");
        await foreach (var r in new YamlFrontEnd(file).GraphsAsync(Context(watch: false), TestContext.Current.CancellationToken))
        {
            Assert.Equal($"{file}: there is no such file; check the path", Assert.Single(r.Errors).ToString());
        }
    }

    [Fact]
    public async Task Edits_yield_new_graphs_and_a_broken_edit_yields_errors()
    {
        var file = PathOf("g.yaml");
        await File.WriteAllTextAsync(file, "resources:\n  noop: [{name: a}]\n", TestContext.Current.CancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        await using var results = new YamlFrontEnd(file).GraphsAsync(Context(watch: true), cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await results.MoveNextAsync());
        Assert.Equal("Vertex: noop[a]", results.Current.Graph!.Sprint());

        // An editor-style save: write a new file and rename it over the old one.
        await File.WriteAllTextAsync(file + ".tmp", "resources:\n  noop: [{name: a}, {name: b}]\n", cancel.Token);
        File.Move(file + ".tmp", file, overwrite: true);
        Assert.True(await results.MoveNextAsync());
        Assert.Equal("Vertex: noop[a]\nVertex: noop[b]", results.Current.Graph!.Sprint());

        await File.WriteAllTextAsync(file, "resources:\n  noop: [{name: a, bad: 1}]\n", cancel.Token);
        Assert.True(await results.MoveNextAsync());
        Assert.Null(results.Current.Graph);
        Assert.StartsWith($"{file}:2:", results.Current.Errors[0].ToString(), StringComparison.Ordinal);

        File.Delete(file);
        Assert.True(await results.MoveNextAsync());
        Assert.Contains("no such file", results.Current.Errors[0].Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: back}]\n", cancel.Token);
        Assert.True(await results.MoveNextAsync());
        Assert.Equal("Vertex: print[p]", results.Current.Graph!.Sprint());
    }

    [Fact]
    public async Task Rewriting_the_same_content_yields_nothing()
    {
        var file = PathOf("g.yaml");
        const string content = "resources:\n  noop: [{name: a}]\n";
        await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await using var results = new YamlFrontEnd(file).GraphsAsync(Context(watch: true), cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await results.MoveNextAsync());

        await File.WriteAllTextAsync(file, content, cancel.Token);
        var next = results.MoveNextAsync().AsTask();
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted);
        await File.WriteAllTextAsync(file, "resources:\n  noop: [{name: z}]\n", cancel.Token);
        Assert.True(await next);
        Assert.Equal("Vertex: noop[z]", results.Current.Graph!.Sprint());
    }

    [Fact]
    public async Task An_edit_hands_over_the_unchanged_resources_as_the_same_objects()
    {
        var file = PathOf("g.yaml");
        const string before = "resources:\n  file:\n    - {name: /tmp/mgmt-yaml-a, content: a}\n    - {name: /tmp/mgmt-yaml-b, content: b}\n";
        await File.WriteAllTextAsync(file, before, TestContext.Current.CancellationToken);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        await using var results = new YamlFrontEnd(file).GraphsAsync(Context(watch: true), cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await results.MoveNextAsync());
        var first = results.Current.Graph!;

        // A broken edit in between does not lose what the last good graph had.
        await File.WriteAllTextAsync(file, before + "  bad: 1\n", cancel.Token);
        Assert.True(await results.MoveNextAsync());
        Assert.Null(results.Current.Graph);

        await File.WriteAllTextAsync(file, before.Replace("content: b", "content: B", StringComparison.Ordinal), cancel.Token);
        Assert.True(await results.MoveNextAsync());
        var second = results.Current.Graph!;
        Assert.Same(first.Find("file", "/tmp/mgmt-yaml-a"), second.Find("file", "/tmp/mgmt-yaml-a"));
        Assert.NotSame(first.Find("file", "/tmp/mgmt-yaml-b"), second.Find("file", "/tmp/mgmt-yaml-b"));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
