namespace Mgmt.Cli.Tests.EndToEnd;

[Collection(nameof(EndToEndCollection))]
public sealed class ReloadTests : IDisposable
{
    private const int SigInt = 2;

    private readonly TempDir _dir = new();

    [Fact]
    public async Task An_edit_of_the_yaml_file_is_applied_while_running_and_a_bad_edit_keeps_the_old_graph()
    {
        var file = _dir.Write("g.yaml", "resources:\n  print: [{name: p, msg: first}]\n");
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "yaml", file]);
        await p.WaitForLogAsync("Msg: first");

        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: second}]\n  noop: [{name: n}]\n", TestContext.Current.CancellationToken);
        await p.WaitForLogAsync("Msg: second");
        await p.WaitForLogAsync("is running (2 resources");

        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: third, oops: 1}]\n", TestContext.Current.CancellationToken);
        await p.WaitForLogAsync("print has no parameter 'oops'");
        await p.WaitForLogAsync("the previous graph keeps running");
        Assert.False(p.HasExited);

        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: fourth}]\n", TestContext.Current.CancellationToken);
        await p.WaitForLogAsync("Msg: fourth");
        p.Signal(SigInt);
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("Msg: third", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_watch_ignores_edits()
    {
        var file = _dir.Write("g.yaml", "resources:\n  print: [{name: p, msg: first}]\n");
        await using var p = MgmtProcess.Start(["run", "--tmp-prefix", "--no-watch", "yaml", file]);
        await p.WaitForLogAsync("Msg: first");
        await File.WriteAllTextAsync(file, "resources:\n  print: [{name: p, msg: second}]\n", TestContext.Current.CancellationToken);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        p.Signal(SigInt);
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("Msg: second", p.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_edits_of_a_running_yaml_graph_are_swapped_from_the_change_record()
    {
        // Each edit of one item is read in part, its graph derived from the running one, and the engine swaps it
        // from the change record (a debug line says so); the files on disk follow every edit.
        const int Count = 12;
        string Item(int i, string content) => $"    - {{name: {_dir.File($"f{i}")}, state: exists, content: {content}}}\n";
        string Text(string[] contents, bool extra)
        {
            var text = new System.Text.StringBuilder("resources:\n  file:\n");
            for (var i = 0; i < Count; i++) text.Append(Item(i, contents[i]));
            if (extra) text.Append(Item(Count, "extra"));
            text.Append("edges:\n");
            for (var i = 0; i + 1 < Count; i += 2) text.Append($"  - {{from: {{kind: file, name: {_dir.File($"f{i}")}}}, to: {{kind: file, name: {_dir.File($"f{i + 1}")}}}}}\n");
            return text.ToString();
        }
        var contents = Enumerable.Range(0, Count).Select(i => $"v{i}").ToArray();
        var file = _dir.Write("g.yaml", Text(contents, extra: false));
        await using var p = MgmtProcess.Start(["run", "-v", "--tmp-prefix", "yaml", file]);
        await p.WaitForLogAsync($"is running ({Count} resources");
        await WaitForContentAsync(_dir.File("f0"), "v0");

        var edits = 0;
        for (var step = 1; step <= 20; step++)
        {
            var extra = step % 5 == 0; // an item added, then removed at the next edit
            var i = (step * 7) % Count;
            contents[i] = $"edit{step}";
            await File.WriteAllTextAsync(file, Text(contents, extra), TestContext.Current.CancellationToken);
            edits++;
            await WaitForContentAsync(_dir.File($"f{i}"), contents[i]);
            if (extra) await WaitForContentAsync(_dir.File($"f{Count}"), "extra");
            await p.WaitForLogAsync("graph swap: prepare took", occurrences: edits + 1);
        }
        for (var i = 0; i < Count; i++) Assert.Equal(contents[i], await File.ReadAllTextAsync(_dir.File($"f{i}"), TestContext.Current.CancellationToken));
        // Every edit was read in part and derived; every swap after the first was planned from the change record.
        Assert.Equal(edits, Occurrences(p.Stderr, "derived from the last graph"));
        Assert.Equal(edits, Occurrences(p.Stderr, "(from the change record"));
        p.Signal(SigInt);
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static int Occurrences(string text, string what)
    {
        var n = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static async Task WaitForContentAsync(string path, string content)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(File.Exists(path) && await File.ReadAllTextAsync(path) == content))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} did not get '{content}' in time");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _dir.Dispose();
}
