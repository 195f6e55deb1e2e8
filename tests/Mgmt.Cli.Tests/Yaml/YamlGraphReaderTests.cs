using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.FrontEnds.Yaml;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Values;
using Mgmt.Resources;

namespace Mgmt.Cli.Tests.Yaml;

public sealed class YamlGraphReaderTests
{
    private static FrontEndResult Read(string yaml) =>
        new YamlGraphReader(ResourceKinds.CreateRegistry(), "g.yaml").Read(yaml);

    private static ResourceGraph Graph(string yaml)
    {
        var r = Read(yaml);
        Assert.True(r.Graph is not null, string.Join("\n", r.Errors));
        return r.Graph!;
    }

    private static string Error(string yaml)
    {
        var r = Read(yaml);
        Assert.Null(r.Graph);
        return string.Join("\n", r.Errors);
    }

    [Fact]
    public void Reads_resources_parameters_meta_and_edges()
    {
        var g = Graph("""
            graph: mygraph
            comment: a small example
            resources:
              print:
                - name: hello
                  msg: hello world
                  meta:
                    retry: 3
                    delay: 500
                    sema: [lock, "pool:2"]
              noop:
                - name: start
            edges:
              - name: e1
                from: {kind: noop, name: start}
                to: {kind: print, name: hello}
                notify: true
            """);
        Assert.Equal("mygraph", g.Name);
        Assert.Equal("Vertex: noop[start]\nVertex: print[hello]\nEdge: noop[start] -> print[hello] # e1", g.Sprint());
        var print = (PrintResource)g.Find("print", "hello")!;
        Assert.Equal("hello world", print.Msg);
        Assert.Equal(3, print.Meta.Retry);
        Assert.Equal(500, print.Meta.Delay);
        Assert.Equal(["lock", "pool:2"], print.Meta.Sema);
        Assert.True(g.TryGetEdge(g.Find("noop", "start")!, print, out var edge));
        Assert.True(edge.Notify);
    }

    [Fact]
    public void Edges_without_a_name_are_named_after_their_ends_and_the_graph_after_the_file()
    {
        var g = Graph("""
            resources:
              noop: [{name: a}, {name: b}]
            edges:
              - {from: {kind: noop, name: a}, to: {kind: noop, name: b}}
            """);
        Assert.Equal("g", g.Name);
        Assert.Contains("Edge: noop[a] -> noop[b] # noop[a] -> noop[b]", g.Sprint(), StringComparison.Ordinal);
    }

    [Fact]
    public void Converts_every_kind_of_value()
    {
        var g = Graph("""
            resources:
              test:
                - name: t
                  bool: true
                  str: 0644
                  int: -12
                  int8: 0x7f
                  uint16: 0o17
                  float32: 1.5
                  float64: 3
                  boolptr: false
                  stringptr: ""
                  slicestring: [a, "b c"]
                  mapintfloat: {1: 2.5, 3: 4}
                  mixedstruct: {somebool: true, someint: 42}
                  interface: {x: [1, 2]}
                  complex128: {real: 1, imag: -1}
                  expect_recv: []
              value:
                - {name: v, any: hello}
            """);
        var t = (TestResource)g.Find("test", "t")!;
        Assert.True(t.Bool);
        Assert.Equal("0644", t.Str);
        Assert.Equal(-12, t.Int);
        Assert.Equal(127, t.Int8);
        Assert.Equal(15, t.Uint16);
        Assert.Equal(1.5f, t.Float32);
        Assert.Equal(3.0, t.Float64);
        Assert.False(t.BoolPtr);
        Assert.Equal(Value.Str(""), t.StringPtr);
        Assert.Equal(["a", "b c"], t.SliceString);
        Assert.Equal(new Dictionary<long, double> { [1] = 2.5, [3] = 4 }, t.MapIntFloat);
        Assert.Equal("struct{somebool: true; somestr: \"\"; someint: 42; somefloat: 0; somePrivatefield: \"\"}", t.MixedStruct!.ToString());
        Assert.Equal("{\"x\": [1, 2]}", t.Interface!.ToString());
        Assert.Equal("map{str: []int}", t.Interface.Type.ToString());
        Assert.Equal("struct{real: 1; imag: -1}", t.Complex128!.ToString());
        Assert.Equal([], t.ExpectRecv!);
        Assert.Equal(Value.Str("hello"), ((ValueResource)g.Find("value", "v")!).Any);
    }

    [Fact]
    public void Null_unsets_an_optional_parameter()
    {
        var t = (TestResource)Graph("resources:\n  test:\n    - {name: t, boolptr: ~, slicestring: null}\n").Find("test", "t")!;
        Assert.Null(t.BoolPtr);
        Assert.Null(t.SliceString);
    }

    [Fact]
    public void Empty_sections_are_fine()
    {
        var g = Graph("graph: nothing\nresources:\nedges:\n");
        Assert.Equal(0, g.VertexCount);
    }

    [Theory]
    [InlineData("resources:\n  noop:\n    - name: a\n   bad: 1\n", "g.yaml:4:4: this is not valid YAML: ")]
    [InlineData("resources:\n  prnt:\n    - name: a\n", "g.yaml:2:3: there is no resource kind 'prnt'; did you mean 'print'? the kinds are ")]
    [InlineData("resources:\n  noop:\n    - name: a\n      coment: x\n", "g.yaml:4:7: noop has no parameter 'coment'; did you mean 'comment'? its parameters are comment")]
    [InlineData("resources:\n  noop:\n    - comment: x\n", "g.yaml:3:7: this noop has no name; add 'name: ...'")]
    [InlineData("resources:\n  noop:\n    - name: a\n    - name: a\n", "g.yaml:4:13: noop[a] is defined twice (first at line 3); give each one a different name")]
    [InlineData("resources:\n  print:\n    - {name: p, refresh_only: \"true\"}\n", "g.yaml:3:31: parameter 'refresh_only' of print[p] must be true or false, not 'true'; remove the quotes")]
    [InlineData("resources:\n  test:\n    - {name: t, int: 1.5}\n", "g.yaml:3:22: parameter 'int' of test[t] must be a whole number, not '1.5'")]
    [InlineData("resources:\n  test:\n    - {name: t, int8: 200}\n", "g.yaml:3:23: parameter 'int8' of test[t]: 200 does not fit in this field (it holds -128 to 127)")]
    [InlineData("resources:\n  test:\n    - {name: t, slicestring: x}\n", "g.yaml:3:30: parameter 'slicestring' of test[t] must be a list ([]str), not 'x'; write [a, b] or one '- item' per line")]
    [InlineData("resources:\n  test:\n    - {name: t, func1: x}\n", "g.yaml:3:24: parameter 'func1' of test[t] takes a function (func(int) str), which YAML cannot express; set it from mcl instead")]
    [InlineData("resources:\n  print:\n    - {name: p, msg: ~}\n", "g.yaml:3:22: parameter 'msg' of print[p] needs a value (str); remove the line to keep the default")]
    [InlineData("resources:\n  noop:\n    - {name: a, meta: {retri: 1}}\n", "g.yaml:3:24: there is no meta parameter 'retri'; did you mean 'retry'? they are noop, retry,")]
    [InlineData("resources:\n  noop:\n    - {name: a, meta: {retry: 100000}}\n", "g.yaml:3:31: meta 'retry' of noop[a]: 100000 is out of range for this setting")]
    [InlineData("resources:\n  noop:\n    - {name: a, meta: {limit: 2}}\n", "g.yaml:3:31: noop[a]: Meta:limit needs Meta:burst of at least 1")]
    [InlineData("resources:\n  timer:\n    - {name: t}\n", "g.yaml:3:7: timer[t]: interval must be a number of seconds of at least 1")]
    [InlineData("resources:\n  test:\n    - {name: t, validateerror: boom}\n", "g.yaml:3:7: test[t]: validateerror is set: boom")]
    [InlineData("resource:\n  noop: []\n", "g.yaml:1:1: unknown top-level key 'resource'; did you mean 'resources'? the keys are graph, comment, resources, edges, collect")]
    [InlineData("collect:\n  - {kind: widget}\n", "g.yaml:2:12: there is no resource kind 'widget' to collect")]
    [InlineData("collect:\n  - {kind: file, pattern: rel/}\n", "g.yaml:2:5: pattern 'rel/' must be an absolute directory")]
    [InlineData("collect:\n  - {kind: file, where: x}\n", "g.yaml:2:18: a collect entry has no key 'where'")]
    [InlineData("resources:\n  noop: [{name: \"@@\"}]\n", "g.yaml:2:17: the name of a noop cannot be empty")]
    [InlineData("", "g.yaml:1:1: the file is empty")]
    [InlineData("- a\n- b\n", "g.yaml:1:1: the top level must be a mapping")]
    [InlineData("resources: {}\n---\nresources: {}\n", "g.yaml:3:1: the file holds more than one YAML document")]
    [InlineData("resources:\n  noop: [{name: a}]\nedges:\n  - {from: {kind: noop, name: a}, to: {kind: noop, name: b}}\n",
        "g.yaml:4:39: the edge's 'to' end names noop[b], but there is no noop[b] in this file; define it under 'resources:' or fix the edge")]
    [InlineData("resources:\n  noop: [{name: a}]\nedges:\n  - {from: {kind: noop, name: a}, to: {kind: widget, name: b}}\n",
        "g.yaml:4:39: the edge's 'to' end names widget[b], but there is no resource kind 'widget'")]
    [InlineData("resources:\n  noop: [{name: a}]\nedges:\n  - {from: {kind: noop, name: a}}\n", "g.yaml:4:5: this edge has no 'to:'")]
    [InlineData("resources:\n  noop: [{name: a}]\nedges:\n  - {from: {kind: noop, name: a}, to: {kind: noop, name: a}}\n", "g.yaml:4:5: this edge goes from noop[a] to itself, which is a cycle; remove it")]
    [InlineData("resources:\n  noop: [{name: a}]\nedges:\n  - {from: {kind: noop, name: a}, to: {kind: noop, name: a}, notify: yes}\n", "g.yaml:4:70: notify must be true or false, not 'yes'")]
    public void Every_mistake_is_reported_with_file_line_and_column(string yaml, string expected)
    {
        Assert.StartsWith(expected, Error(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_named_with_its_resources()
    {
        var error = Error("""
            resources:
              noop: [{name: a}, {name: b}, {name: c}]
            edges:
              - {from: {kind: noop, name: a}, to: {kind: noop, name: b}}
              - {from: {kind: noop, name: b}, to: {kind: noop, name: c}}
              - {from: {kind: noop, name: c}, to: {kind: noop, name: a}}
            """);
        Assert.Matches(@"^g\.yaml:\d+:5: the edges form a cycle: noop\[.\] -> noop\[.\] -> noop\[.\] -> noop\[.\]; ordering must go one way", error);
    }

    [Fact]
    public void Independent_mistakes_are_all_reported_in_file_order()
    {
        var r = Read("""
            resources:
              noop:
                - {name: a, coment: x}
              test:
                - {name: t, int8: 999, uint8: -1}
                - {name: u, validatebool: true}
            """);
        Assert.Equal([3, 5, 5, 6], r.Errors.Select(e => e.Line));
    }

    [Fact]
    public void An_edge_to_a_resource_with_its_own_errors_is_not_reported_twice()
    {
        var r = Read("""
            resources:
              noop: [{name: a, bogus: 1}, {name: b}]
            edges:
              - {from: {kind: noop, name: a}, to: {kind: noop, name: b}}
            """);
        Assert.Single(r.Errors);
    }

    [Fact]
    public void Hidden_resources_are_not_validated()
    {
        var g = Graph("resources:\n  timer:\n    - {name: t, meta: {hidden: true}}\n");
        Assert.True(g.Find("timer", "t")!.Meta.Hidden);
    }

    [Fact]
    public void Reference_style_underscored_names_are_accepted()
    {
        var t = (TestResource)Graph("resources:\n  test:\n    - {name: t, bool_ptr: true, validate_error: \"\", always_group: true, meta: {retry_reset: true}}\n").Find("test", "t")!;
        Assert.True(t.BoolPtr);
        Assert.True(t.AlwaysGroup);
        Assert.True(t.Meta.RetryReset);
    }

    [Fact]
    public void An_at_at_name_is_exported_to_everyone_and_hidden_here_and_collect_is_read()
    {
        var reader = new YamlGraphReader(ResourceKinds.CreateRegistry(), "g.yaml");
        var result = reader.Read("resources:\n  noop:\n    - {name: \"@@shared\"}\n    - {name: mine, meta: {export: [h2]}}\ncollect:\n  - {kind: noop}\n  - {kind: file, pattern: /srv/in/}\n");
        var shared = result.Graph!.Find("noop", "shared")!;
        Assert.True(shared.Meta.Hidden);
        Assert.Equal(["*"], shared.Meta.Export);
        Assert.False(result.Graph.Find("noop", "mine")!.Meta.Hidden);
        Assert.Equal([new YamlCollect("noop", ""), new YamlCollect("file", "/srv/in/")], reader.Collects);
        Assert.Empty(reader.Warnings);
    }

    [Fact]
    public void Parameters_the_reference_dropped_are_warnings_with_their_place()
    {
        var reader = new YamlGraphReader(ResourceKinds.CreateRegistry(), "g.yaml");
        var result = reader.Read("resources:\n  exec:\n    - name: e\n      cmd: \"true\"\n      pollint: 0\n      state: present\n  file:\n    - {name: /tmp/x, state: exists, pollint: 5}\n");
        Assert.NotNull(result.Graph);
        Assert.Equal(["g.yaml:5:7", "g.yaml:6:7", "g.yaml:8:37"], [.. reader.Warnings.Select(w => $"{w.File}:{w.Line}:{w.Column}")]);
        Assert.Equal("exists", ((FileResource)result.Graph!.Find("file", "/tmp/x")!).State); // state is only dropped for exec
    }

    [Fact]
    public void A_remote_key_is_a_warning_that_never_repeats_its_address()
    {
        var reader = new YamlGraphReader(ResourceKinds.CreateRegistry(), "g.yaml");
        var result = reader.Read("graph: g\nresources:\n  noop:\n    - name: n\nremote: \"ssh://root:s3cret@host:22\"\n");
        Assert.NotNull(result.Graph);
        var warning = Assert.Single(reader.Warnings);
        Assert.Equal(("g.yaml", 5, 1), (warning.File, warning.Line, warning.Column));
        Assert.Contains("remote resource", warning.Message);
        Assert.DoesNotContain("s3cret", warning.Message);
    }
}
