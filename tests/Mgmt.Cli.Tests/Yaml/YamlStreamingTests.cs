using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.FrontEnds.Yaml;
using Mgmt.Resources;

namespace Mgmt.Cli.Tests.Yaml;

/// <summary>
/// What reading the graph from the parser's events, one resource at a time, must still do as a whole-document
/// read did: anchors across resources, sections in any order, and a mistake of the YAML text itself reported alone.
/// </summary>
public sealed class YamlStreamingTests
{
    private static FrontEndResult Read(string yaml) =>
        new YamlGraphReader(ResourceKinds.CreateRegistry(), "g.yaml").Read(yaml);

    private static string Errors(string yaml)
    {
        var r = Read(yaml);
        Assert.Null(r.Graph);
        return string.Join("\n", r.Errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}"));
    }

    [Fact]
    public void An_alias_takes_a_value_anchored_in_an_earlier_resource()
    {
        var r = Read("resources:\n  print:\n    - {name: a, msg: &m hello}\n    - {name: b, msg: *m}\n");
        Assert.NotNull(r.Graph);
        Assert.Equal("hello", ((PrintResource)r.Graph!.Find("print", "b")!).Msg);
    }

    [Fact]
    public void An_anchored_or_aliased_section_is_read_whole()
    {
        var r = Read("comment: &list\n  - {name: a}\n  - {name: b}\nresources: &res\n  noop: *list\n");
        Assert.True(r.Graph is not null, string.Join("\n", r.Errors));
        Assert.Equal("Vertex: noop[a]\nVertex: noop[b]", r.Graph!.Sprint());
    }

    [Fact]
    public void An_alias_to_nothing_is_a_positioned_error()
    {
        Assert.StartsWith("3:22: this is not valid YAML: the alias *nope names no anchor",
            Errors("resources:\n  print:\n    - {name: a, msg: *nope}\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Edges_before_resources_are_read_once_the_resources_are_known()
    {
        var r = Read("edges:\n  - {from: {kind: noop, name: a}, to: {kind: noop, name: b}}\nresources:\n  noop: [{name: a}, {name: b}]\n");
        Assert.True(r.Graph is not null, string.Join("\n", r.Errors));
        Assert.Single(r.Graph!.Edges());
    }

    [Fact]
    public void A_mistake_of_the_yaml_text_after_other_mistakes_is_reported_alone()
    {
        // The first resource's unknown parameter is found before the parser reaches the broken line.
        var errors = Errors("resources:\n  noop:\n    - {name: a, bad: 1}\n    - name: b\n   oops: 1\n");
        Assert.StartsWith("5:4: this is not valid YAML: ", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_written_twice_in_a_resource_is_an_error_at_the_second()
    {
        Assert.StartsWith("3:25: this is not valid YAML: Duplicate key",
            Errors("resources:\n  print:\n    - {name: a, msg: x, msg: y}\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_that_goes_wrong_midway_leaves_the_others_read()
    {
        // A list as a kind's key stops the resources section (as before), not the unknown key after it.
        var errors = Errors("resources:\n  [noop]: []\n  noop: [{name: a}]\nwhat: 1\n");
        Assert.Equal("2:3: a key must be a plain word, not a list or mapping\n4:1: unknown top-level key 'what'; the keys are graph, comment, resources, edges, collect, remote", errors);
    }

    [Fact]
    public void Events_out_of_place_on_a_broken_text_are_a_positioned_error_not_a_crash()
    {
        // Found by the fuzzer: the parser handed out a mapping's end where a value belongs before it failed.
        var errors = Errors(FuzzCrash);
        Assert.Contains("this is not valid YAML", errors, StringComparison.Ordinal);
    }

    private const string FuzzCrash = """
        # Edges order resources: first -> second -> third run one after the other, while 'aside', which nothing
        # depends on, runs at the same time as the chain. Each step appends its name to a log.
        graph: ordering
        resources:
          file:
            - name: /tmp/mgmt-example-ordering/
              state: exists
          exec:
            - : done}
        {name: first, shell: /bin/sh, cwd: /tmp/mgmt-example-ordering/, cmd: "sleep 0.2; echo first >> chain.log"}
            - {name: second, shell: /bin/sh, cwd: /  tmp/mgmt-example-ordering/, cmd: "sleep 0.2; echo second >> chain.log"}
            - {name: third, shell: /bin/sh, cwd: /tmp/mgmt-example-ordering/, cmd: "sleep 0.2; echo third >> chain.log"}
            - {name: aside, shell: /bin/sh, cwd: /tmp/mgmt-example-ordering/, cmd: "sleep 0.3; echo aside > aside.log"}
        edges:
          - {from: {kind: exec, name: first}, to: {kind: exec, name: second}}
          - {from: {kind{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: : exec, na}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}me: second}, to: {kind: exec, name: third}}
        """;

    [Fact]
    public void A_large_graph_reads_in_one_pass()
    {
        var yaml = "resources:\n  file:\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"    - {{name: /tmp/f{i:D6}, content: \"hello\\n\"}}\n"));
        var r = Read(yaml);
        Assert.Equal(20_000, r.Graph!.VertexCount);
    }
}
