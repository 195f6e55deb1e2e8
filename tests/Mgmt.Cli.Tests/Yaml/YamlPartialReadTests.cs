using System.Text;
using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.FrontEnds.Yaml;
using Mgmt.Cli.Logging;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Tests.Yaml;

/// <summary>
/// An edit read in part (only the items whose text changed) gives what a fresh read of the whole file gives: the
/// same resources with the same parameters, the same edges, the same mistakes at the same places. Checked after
/// every one of many random edits, through the front end's own reading of the file.
/// </summary>
public sealed class YamlPartialReadTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-yaml-partial-");
    private readonly ResourceRegistry _registry = ResourceKinds.CreateRegistry();

    private FrontEndContext Context() => new()
    {
        Registry = _registry,
        Hostname = "h",
        Loggers = new LineLoggerFactory(TextWriter.Null, LogLevel.Information),
        Watch = true,
    };

    private const string Start = """
        graph: g
        resources:
          file:
            - {name: /tmp/p/f1, content: "one"}
            - {name: /tmp/p/f2, content: two}
            - name: /tmp/p/f3
              content: three
              mode: "0644"
            - {name: /tmp/p/f4, content: "four", meta: {retry: 2}}
          exec:
            - {name: e1, cmd: "true"}
            - {name: e2, cmd: "false", shell: /bin/sh}
        edges:
          - {from: {kind: exec, name: e1}, to: {kind: file, name: /tmp/p/f1}}
          - {from: {kind: file, name: /tmp/p/f3}, to: {kind: exec, name: e2}, notify: true}

        """;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_edits_read_in_part_equal_a_fresh_read_of_the_whole_file(int seed)
    {
        var random = new Random(seed);
        var file = Path.Combine(_dir.FullName, "g.yaml");
        var frontEnd = new YamlFrontEnd(file);
        var context = Context();
        var text = Start;
        var lastGood = Start;
        await File.WriteAllTextAsync(file, text, TestContext.Current.CancellationToken);
        var loaded = await frontEnd.LoadAsync(context, TestContext.Current.CancellationToken, first: true);
        var graph = loaded.Result.Graph!;
        Assert.NotNull(graph);
        var inPart = 0;
        var fallbacks = 0;
        var derived = 0;
        string? undo = null;
        var reasons = new Dictionary<string, int>();
        for (var step = 0; step < 300; step++)
        {
            // A broken file is mostly fixed at the next step (as a user would), else edited further while broken.
            var (edit, next) = undo is not null ? ("undo", undo)
                : text != lastGood && random.Next(3) > 0 ? ("fix it", lastGood)
                : Edit(random, text, lastGood);
            // An anchor or a block scalar makes every read whole while it is in the file: undone at the next step.
            undo = edit is "an anchor and an alias" or "a block scalar" ? text : null;
            if (next == text) continue;
            text = next;
            await File.WriteAllTextAsync(file, text, TestContext.Current.CancellationToken);
            loaded = await frontEnd.LoadAsync(context, TestContext.Current.CancellationToken);
            var fresh = new YamlGraphReader(_registry, file).Read(text);
            var context2 = $"seed {seed} step {step} ({edit}), after the good text\n{lastGood}\n--- the text:\n{text}";
            var (want, got) = (Describe(fresh), Describe(loaded.Result));
            if (want != got) Assert.Fail($"{context2}\n--- a fresh read:\n{want}\n--- the front end's ({(loaded.InPart ? "in part" : "whole")}):\n{got}");
            if (loaded.InPart) inPart++;
            else
            {
                fallbacks++;
                var why = loaded.WhyWhole ?? "?";
                reasons[why] = reasons.GetValueOrDefault(why) + 1;
            }
            if (loaded.Result.Graph is not { } now) continue;
            lastGood = text;
            // The order of the vertices: a fresh read's, or for a graph derived from the last one, the last one's
            // kept objects in their order, then the new ones in the order of the file (Digraph.Derive adds at the end).
            var freshOrder = fresh.Graph!.Vertices.Select(r => r.ToString()).ToList();
            var expectedOrder = freshOrder;
            if (loaded.Derived)
            {
                derived++;
                Assert.True(now.IsDerivedFrom(graph), context2);
                var kept = graph.Vertices.Where(now.Contains).Select(r => r.ToString()).ToList();
                expectedOrder = [.. kept, .. freshOrder.Except(kept)];
            }
            Assert.True(expectedOrder.SequenceEqual(now.Vertices.Select(r => r.ToString())),
                $"{context2}\n--- order wanted: {string.Join(" ", expectedOrder)}\n--- got: {string.Join(" ", now.Vertices)}");
            // What the read says changed is what did, and everything else is the same object as before.
            var change = loaded.Change!;
            Assert.NotNull(change);
            var expected = GraphChange.Between(graph, now);
            Assert.Equal(Keys(expected.Added), Keys(change.Added));
            Assert.Equal(Keys(expected.Removed), Keys(change.Removed));
            Assert.Equal(Keys(expected.Replaced), Keys(change.Replaced));
            Assert.True(expected.EdgesChanged == change.EdgesChanged, context2);
            graph = now;
        }
        // Most edits touch items only: the partial read must have done most of the work, and the fallback some.
        Assert.True(inPart > 60, $"only {inPart} edits read in part ({fallbacks} whole: {string.Join("; ", reasons.Select(r => $"{r.Key} {r.Value}"))})");
        Assert.True(fallbacks > 20, $"only {fallbacks} edits read whole");
        // Every good read in part derived its graph from the last one.
        Assert.Equal(inPart, derived);
    }

    [Fact]
    public async Task An_edit_of_one_item_is_read_in_part_and_keeps_every_other_object()
    {
        var file = Path.Combine(_dir.FullName, "g.yaml");
        var frontEnd = new YamlFrontEnd(file);
        var context = Context();
        await File.WriteAllTextAsync(file, Start, TestContext.Current.CancellationToken);
        var first = (await frontEnd.LoadAsync(context, TestContext.Current.CancellationToken, first: true)).Result.Graph!;

        await File.WriteAllTextAsync(file, Start.Replace("content: three", "content: THREE", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var loaded = await frontEnd.LoadAsync(context, TestContext.Current.CancellationToken);
        Assert.True(loaded.InPart);
        var second = loaded.Result.Graph!;
        // Derived from the first graph: the engine can swap it from the change record alone.
        Assert.True(loaded.Derived);
        Assert.True(second.IsDerivedFrom(first));
        Assert.True(first.IsFrozen);
        Assert.Equal(2, second.Changes()!.AddedVertices.Count + second.Changes()!.RemovedVertices.Count);
        Assert.Equal("THREE", ((FileResource)second.Find("file", "/tmp/p/f3")!).Content);
        foreach (var r in second.Vertices.Where(r => r.Name != "/tmp/p/f3")) Assert.Same(first.Find(r.Kind, r.Name), r);
        Assert.Equal(["file[/tmp/p/f3]"], Keys(loaded.Change!.Replaced));
        Assert.Empty(loaded.Change.Added);
        Assert.False(loaded.Change.EdgesChanged);
        // The edges follow the new object.
        Assert.True(second.TryGetEdge(second.Find("file", "/tmp/p/f3")!, second.Find("exec", "e2")!, out var edge) && edge.Notify);
    }

    [Fact]
    public async Task The_edit_is_compared_in_bytes_invalid_utf8_is_reported_and_a_byte_order_mark_changes_nothing()
    {
        var file = Path.Combine(_dir.FullName, "g.yaml");
        var frontEnd = new YamlFrontEnd(file);
        var context = Context();
        var cancel = TestContext.Current.CancellationToken;
        var utf8 = Encoding.UTF8;
        await File.WriteAllBytesAsync(file, [.. utf8.Preamble, .. utf8.GetBytes(Start)], cancel);
        var first = (await frontEnd.LoadAsync(context, cancel, first: true)).Result.Graph!;
        Assert.True((await frontEnd.LoadAsync(context, cancel)).Unchanged);

        // A multi-byte character in an edited item, with a byte order mark before it all: read in part, derived.
        var edited = Start.Replace("content: two", "content: \"t☃o\"", StringComparison.Ordinal);
        await File.WriteAllBytesAsync(file, [.. utf8.Preamble, .. utf8.GetBytes(edited)], cancel);
        var loaded = await frontEnd.LoadAsync(context, cancel);
        Assert.True(loaded.InPart && loaded.Derived, loaded.WhyWhole);
        Assert.Equal("t☃o", ((FileResource)loaded.Result.Graph!.Find("file", "/tmp/p/f2")!).Content);
        Assert.True(loaded.Result.Graph.IsDerivedFrom(first));

        // Bytes that are not UTF-8 in the edited item: refused with their place, as by a whole read.
        var bad = utf8.GetBytes(edited.Replace("t☃o", "t\u00ffo", StringComparison.Ordinal)).ToList();
        var at = bad.IndexOf(0xC3);
        bad.RemoveAt(at + 1); // a lead byte without its continuation
        await File.WriteAllBytesAsync(file, [.. bad], cancel);
        var error = Assert.Single((await frontEnd.LoadAsync(context, cancel)).Result.Errors).ToString();
        Assert.Contains(":5:", error, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", error, StringComparison.Ordinal);

        // Fixed (without the mark now): read in part against the last good text, which the graph still is.
        await File.WriteAllTextAsync(file, edited.Replace("t☃o", "two again", StringComparison.Ordinal), cancel);
        loaded = await frontEnd.LoadAsync(context, cancel);
        Assert.True(loaded.InPart, loaded.WhyWhole);
        Assert.Equal(Describe(new YamlGraphReader(_registry, file).Read(await File.ReadAllTextAsync(file, cancel))), Describe(loaded.Result));

        // Missing, then empty: each is reported (an empty file is not "the same" as a missing one).
        File.Delete(file);
        Assert.NotEmpty((await frontEnd.LoadAsync(context, cancel)).Result.Errors);
        await File.WriteAllTextAsync(file, "", cancel);
        Assert.Contains("empty", Assert.Single((await frontEnd.LoadAsync(context, cancel)).Result.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistake_in_an_edited_item_is_reported_at_its_place_in_the_file()
    {
        var file = Path.Combine(_dir.FullName, "g.yaml");
        var frontEnd = new YamlFrontEnd(file);
        var context = Context();
        await File.WriteAllTextAsync(file, Start, TestContext.Current.CancellationToken);
        await frontEnd.LoadAsync(context, TestContext.Current.CancellationToken, first: true);
        await File.WriteAllTextAsync(file, Start.Replace("mode: \"0644\"", "mode: \"0644\"\n      bad: 1", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var loaded = await frontEnd.LoadAsync(context, TestContext.Current.CancellationToken);
        Assert.StartsWith($"{file}:9:7: file has no parameter 'bad'", Assert.Single(loaded.Result.Errors).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  - {name: /tmp/p/b, content: B}\n", "  - {name: /tmp/p/b, content: C}\n", true)]
    [InlineData("  - {name: /tmp/p/b, content: B}\n", "  - {name: /tmp/p/b, content: B}\n  - {name: /tmp/p/n}\n", true)]
    [InlineData("  - {name: /tmp/p/b, content: B}\n", "", true)]
    [InlineData("  - {name: /tmp/p/b, content: B}\n", "  - {name: /tmp/p/b,\n     content: B}\n", true)]
    [InlineData("  - {name: /tmp/p/b, content: B}\n", "    - {name: /tmp/p/b, content: B}\n", false)]
    [InlineData("  - {name: /tmp/p/b, content: B}\n", "  - {name: /tmp/p/b, content: B}\n exec: []\n", false)]
    public async Task A_list_written_at_its_key_s_column_is_read_in_part_like_any_other(string before, string after, bool inPart)
    {
        // The dashes of an indentless list are at the column of its kind's key; its items' pieces are read so too.
        var text = "resources:\n file:\n  - {name: /tmp/p/a}\n" + before + "  - name: /tmp/p/c\n    content: c\n";
        var file = Path.Combine(_dir.FullName, "g.yaml");
        var frontEnd = new YamlFrontEnd(file);
        var context = Context();
        await File.WriteAllTextAsync(file, text, TestContext.Current.CancellationToken);
        Assert.NotNull((await frontEnd.LoadAsync(context, TestContext.Current.CancellationToken, first: true)).Result.Graph);
        var edited = text.Replace(before, after, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, edited, TestContext.Current.CancellationToken);
        var loaded = await frontEnd.LoadAsync(context, TestContext.Current.CancellationToken);
        Assert.Equal(Describe(new YamlGraphReader(_registry, file).Read(edited)), Describe(loaded.Result));
        Assert.True(inPart == loaded.InPart, loaded.WhyWhole);
    }

    [Fact]
    public void The_change_between_two_graphs_names_what_was_added_removed_and_replaced()
    {
        var before = new YamlGraphReader(_registry, "g.yaml").Read(Start).Graph!;
        var after = new YamlGraphReader(_registry, "g.yaml").Read(Start
            .Replace("    - {name: /tmp/p/f2, content: two}\n", "    - {name: /tmp/p/f9}\n", StringComparison.Ordinal)).Graph!;
        // Objects of the same read are new for every resource: all that is in both is replaced.
        var change = GraphChange.Between(before, after);
        Assert.Equal(["file[/tmp/p/f9]"], Keys(change.Added));
        Assert.Equal(["file[/tmp/p/f2]"], Keys(change.Removed));
        Assert.Equal(5, change.Replaced.Count);
        Assert.False(change.EdgesChanged);
        Assert.Empty(GraphChange.Between(before, before).Replaced);

        var noNotify = new YamlGraphReader(_registry, "g.yaml").Read(Start.Replace(", notify: true", "", StringComparison.Ordinal)).Graph!;
        Assert.True(GraphChange.Between(before, noNotify).EdgesChanged);
    }

    private static List<string> Keys(IEnumerable<(string Kind, string Name)> keys) => keys.Select(k => $"{k.Kind}[{k.Name}]").Order(StringComparer.Ordinal).ToList();

    /// <summary>A result as text: its mistakes, or each resource with its parameters and meta, and the edges.</summary>
    private string Describe(FrontEndResult result)
    {
        if (result.Graph is not { } graph) return string.Join("\n", result.Errors.Select(e => e.ToString()));
        // The vertices sorted: a derived graph orders them otherwise (checked apart, in the random edits).
        var text = new StringBuilder($"graph {graph.Name}\n");
        foreach (var r in graph.Vertices.OrderBy(r => r.ToString(), StringComparer.Ordinal))
        {
            text.Append(r.Kind).Append('[').Append(r.Name).Append(']');
            foreach (var p in _registry.Find(r.Kind)!.Params) text.Append(' ').Append(p.Name).Append('=').Append(p.Get(r));
            text.Append(" meta=").Append(r.Meta.Retry).Append(',').Append(r.Meta.Hidden).Append(',').Append(string.Join("|", r.Meta.Export)).Append('\n');
        }
        foreach (var line in graph.Edges().Select(e => $"{e.From} -> {e.To} {e.Edge.Name} {e.Edge.Notify}").Order(StringComparer.Ordinal)) text.Append(line).Append('\n');
        return text.ToString();
    }

    private static readonly string[] Values = ["x", "\"quoted\"", "'single'", "été", "\"a\\nb\"", "42", "true", "snow ☃", "\"🙂\"", "''"];

    /// <summary>One random edit of the text: what it did, and the new text.</summary>
    private static (string Edit, string Text) Edit(Random random, string text, string lastGood)
    {
        var lines = text.Split('\n').ToList();
        var items = Enumerable.Range(0, lines.Count).Where(i => lines[i].StartsWith("    - ", StringComparison.Ordinal)).ToList();
        int Item() => items.Count == 0 ? Math.Min(3, lines.Count - 1) : items[random.Next(items.Count)];
        string Name() => $"/tmp/p/g{random.Next(12)}";
        var roll = random.Next(100);
        string edit;
        switch (roll)
        {
            case < 30:
            {
                edit = "change a value";
                var at = Item();
                var value = Values[random.Next(Values.Length)];
                lines[at] = lines[at].Contains("content: ", StringComparison.Ordinal)
                    ? System.Text.RegularExpressions.Regex.Replace(lines[at], "content: (\"[^\"]*\"|[^,}]*)", "content: " + value.Replace("$", "$$", StringComparison.Ordinal))
                    : lines[at].Replace("}", $", content: {value}}}", StringComparison.Ordinal);
                break;
            }
            case < 45:
            {
                edit = "add an item";
                var at = Item() + random.Next(2);
                lines.Insert(at, random.Next(3) switch
                {
                    0 => $"    - {{name: {Name()}, content: {Values[random.Next(Values.Length)]}}}",
                    1 => $"    - name: {Name()}\n      content: block",
                    _ => $"    - {{name: e{random.Next(5)}, cmd: echo}}",
                });
                break;
            }
            case < 57:
                edit = "remove an item";
                if (items.Count > 0) lines.RemoveAt(Item());
                break;
            case < 64:
                edit = "add a comment or a blank line";
                lines.Insert(random.Next(lines.Count), random.Next(2) == 0 ? "    # note" : "");
                break;
            case < 69:
                edit = "edit outside the items";
                lines[0] = $"graph: g{random.Next(3)}";
                break;
            case < 73:
            {
                edit = "an anchor and an alias";
                var at = Item();
                lines[at] = lines[at].Replace("content: ", "content: &v ", StringComparison.Ordinal);
                lines.Insert(at + 1, $"    - {{name: {Name()}, content: *v}}");
                break;
            }
            case < 77:
                edit = "a block scalar";
                lines.Insert(Item(), $"    - name: {Name()}\n      content: |\n        line one\n        line two");
                break;
            case < 84:
            {
                edit = "break the syntax";
                var at = Item();
                lines[at] = random.Next(4) switch
                {
                    0 => lines[at].Replace("}", "", StringComparison.Ordinal),
                    1 => "  " + lines[at],
                    2 => lines[at] + " bad: [",
                    _ => lines[at].Replace("content", "contnet", StringComparison.Ordinal),
                };
                break;
            }
            case < 92:
                edit = "fix it";
                return (edit, lastGood);
            case < 96:
            {
                edit = "toggle an edge";
                var edge = lines.FindIndex(l => l.Contains("from: {kind: exec, name: e2}", StringComparison.Ordinal));
                if (edge >= 0) lines.RemoveAt(edge);
                else lines.Insert(lines.FindIndex(l => l == "edges:") + 1, "  - {from: {kind: exec, name: e2}, to: {kind: file, name: /tmp/p/f2}}");
                break;
            }
            default:
            {
                edit = "rename an item";
                var at = Item();
                lines[at] = System.Text.RegularExpressions.Regex.Replace(lines[at], "name: [^,}]*", "name: " + Name());
                break;
            }
        }
        return (edit, string.Join('\n', lines));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
