using Mgmt.Cli.FrontEnds.Yaml;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.Tests.Yaml;

/// <summary>
/// A re-read of an edited YAML graph hands over the very objects of the last good read for the resources written
/// the same, and new ones for the rest.
/// </summary>
public sealed class YamlReuseTests
{
    private readonly ResourceRegistry _registry = ResourceKinds.CreateRegistry();

    private const string Before = """
        resources:
          file:
            - {name: /tmp/a, content: "a\n"}
            - {name: /tmp/b, content: "b\n"}
            - name: /tmp/c
              content: "c\n"
        """;

    private (ResourceGraph Graph, YamlGraphReader Reader) Read(string yaml, ReusableResources? previous)
    {
        var reader = new YamlGraphReader(_registry, "g.yaml", previous, remember: true);
        var result = reader.Read(yaml);
        Assert.True(result.Graph is not null, string.Join("\n", result.Errors));
        return (result.Graph!, reader);
    }

    private static Resource File(ResourceGraph graph, string name) => graph.Find("file", name)!;

    [Fact]
    public void An_edit_keeps_the_objects_of_the_unchanged_resources_and_makes_a_new_one_for_the_changed()
    {
        var (first, reader) = Read(Before, null);
        var edited = Before.Replace("\"b\\n\"", "\"B\\n\"", StringComparison.Ordinal);
        // A comment and a blank line above move every resource down: positions do not count, the text does.
        var (second, again) = Read("# edited\n\n" + edited, reader.Reusable);

        Assert.Same(File(first, "/tmp/a"), File(second, "/tmp/a"));
        Assert.Same(File(first, "/tmp/c"), File(second, "/tmp/c"));
        Assert.NotSame(File(first, "/tmp/b"), File(second, "/tmp/b"));
        Assert.Equal("B\n", ((FileResource)File(second, "/tmp/b")).Content);
        Assert.Equal(2, again.ReusedCount);
    }

    [Fact]
    public void A_reader_not_asked_to_remember_keeps_nothing()
    {
        var reader = new YamlGraphReader(_registry, "g.yaml");
        Assert.NotNull(reader.Read(Before).Graph);
        Assert.Null(reader.Reusable);
    }

    [Fact]
    public void Quoting_a_value_differently_is_a_change()
    {
        // The same characters, but 'true' quoted is text and unquoted a boolean: the digest sees the style.
        var (_, reader) = Read("resources:\n  file:\n    - {name: /tmp/a, content: x}\n", null);
        var (_, again) = Read("resources:\n  file:\n    - {name: /tmp/a, content: 'x'}\n", reader.Reusable);
        Assert.Equal(0, again.ReusedCount);
    }

    [Fact]
    public void The_same_text_under_another_kind_is_not_the_same_resource()
    {
        var (_, reader) = Read("resources:\n  print:\n    - {name: p}\n  noop:\n    - {name: n}\n  file:\n    - {name: /tmp/x}\n", null);
        var (graph, again) = Read("resources:\n  exec:\n    - {name: /tmp/x}\n", reader.Reusable);
        Assert.Equal(0, again.ReusedCount);
        Assert.Equal("exec", Assert.Single(graph.Vertices).Kind);
    }

    [Fact]
    public void A_resource_that_uses_an_alias_is_read_again()
    {
        // An alias's value is written elsewhere, outside the resource's own text.
        const string yaml = "resources:\n  file:\n    - {name: /tmp/a, content: &c \"same\"}\n    - {name: /tmp/b, content: *c}\n";
        var (first, reader) = Read(yaml, null);
        var (second, again) = Read(yaml.Replace("/tmp/a", "/tmp/z", StringComparison.Ordinal), reader.Reusable);
        Assert.Equal(0, again.ReusedCount);
        Assert.NotSame(File(first, "/tmp/b"), File(second, "/tmp/b"));
        Assert.Equal("same", ((FileResource)File(second, "/tmp/b")).Content);
    }

    [Fact]
    public void Groupable_resources_and_resources_with_warnings_are_read_again()
    {
        // The engine's grouping writes into a groupable resource; a warning must be shown on every read.
        const string yaml = "resources:\n  noop:\n    - {name: n}\n  file:\n    - {name: /tmp/w, pollint: 0}\n";
        var (_, reader) = Read(yaml, null);
        Assert.NotEmpty(reader.Warnings);
        var (_, again) = Read(yaml, reader.Reusable);
        Assert.Equal(0, again.ReusedCount);
        Assert.NotEmpty(again.Warnings);
    }

    [Fact]
    public void A_broken_read_gives_nothing_to_reuse_and_the_resources_stay_checked()
    {
        var (_, reader) = Read(Before, null);
        var broken = new YamlGraphReader(_registry, "g.yaml", reader.Reusable, remember: true);
        Assert.Null(broken.Read(Before + "\n    - {name: /tmp/a}\n").Graph);
        Assert.Null(broken.Reusable);

        // A reused resource still counts for duplicates and edges.
        var dup = new YamlGraphReader(_registry, "g.yaml", reader.Reusable, remember: true).Read(Before + "\n    - {name: /tmp/a, content: \"other\"}\n");
        Assert.Contains("file[/tmp/a] is defined twice (first at line 3)", Assert.Single(dup.Errors).Message, StringComparison.Ordinal);
        var (edged, _) = Read(Before + "\nedges:\n  - {from: {kind: file, name: /tmp/a}, to: {kind: file, name: /tmp/b}}\n", reader.Reusable);
        Assert.Single(edged.Edges());
    }
}
