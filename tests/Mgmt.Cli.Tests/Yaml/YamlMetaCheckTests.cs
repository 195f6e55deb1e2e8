using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.FrontEnds.Yaml;
using Mgmt.Resources;

namespace Mgmt.Cli.Tests.Yaml;

/// <summary>
/// The YAML reader applies the engine's checks of meta parameters and names, so that a file `check` accepts is
/// one `run` accepts; every mistake is reported at the value that causes it.
/// </summary>
public sealed class YamlMetaCheckTests
{
    private static FrontEndResult Read(string yaml) =>
        new YamlGraphReader(ResourceKinds.CreateRegistry(), "g.yaml").Read(yaml);

    private static List<string> Errors(string yaml)
    {
        var r = Read(yaml);
        Assert.Null(r.Graph);
        return [.. r.Errors.Select(e => e.OneLine)];
    }

    private static void Accepted(string yaml)
    {
        var r = Read(yaml);
        Assert.True(r.Graph is not null, string.Join("\n", r.Errors));
    }

    [Fact]
    public void An_export_target_that_is_not_a_hostname_is_reported_at_the_entry()
    {
        var errors = Errors("""
            resources:
              exec:
                - name: c
                  cmd: /bin/true
                  meta: {export: ["web-1.example.com", "*", "bad host"]}
            """);
        Assert.Equal(
            ["g.yaml:5:49: exec[c]: Meta:export target \"bad host\" is not a hostname: write hostnames (letters, digits, '-', '.', '_') or \"*\" for every host"],
            errors);
    }

    [Fact]
    public void Export_targets_of_a_hidden_resource_are_checked_but_nothing_else_is()
    {
        // The engine checks the targets of hidden resources too (they are the usual exporters), and only those.
        var errors = Errors("resources:\n  print:\n    - {name: $h, meta: {hidden: true, delay: -1, export: [a/b]}}\n");
        Assert.Equal(["g.yaml:3:59: print[$h]: Meta:export target \"a/b\" is not a hostname: write hostnames (letters, digits, '-', '.', '_') or \"*\" for every host"], errors);
        Accepted("resources:\n  print:\n    - {name: $h, meta: {hidden: true, delay: -1, export: [db1]}}\n");
    }

    [Fact]
    public void Every_bad_meta_value_of_a_resource_is_reported_each_at_its_value()
    {
        var errors = Errors("""
            resources:
              exec:
                - name: c
                  cmd: /bin/true
                  meta:
                    timeout: -1
                    delay: -5
                    retry: -2
                    poll: -3
                    sema: [ok, "db:0", "pool:x"]
            """);
        Assert.Equal(
        [
            "g.yaml:6:18: exec[c]: Meta:timeout is in milliseconds and cannot be negative (-1)",
            "g.yaml:7:16: exec[c]: Meta:delay is in milliseconds and cannot be negative (-5)",
            "g.yaml:8:16: exec[c]: Meta:retry must be -1 (forever) or more, not -2",
            "g.yaml:9:15: exec[c]: Meta:poll must be a number of seconds, or -1 to run once (-3)",
            "g.yaml:10:20: exec[c]: Meta:sema entry 'db:0': the part after ':' must be a count of 1 or more",
            "g.yaml:10:28: exec[c]: Meta:sema entry 'pool:x': the part after ':' must be a count of 1 or more",
        ], errors);
    }

    [Fact]
    public void A_limit_without_burst_is_reported_at_the_limit_and_a_zero_burst_at_the_burst()
    {
        Assert.Equal(
            ["g.yaml:3:31: noop[a]: Meta:limit needs Meta:burst of at least 1 (the size of the rate limiter's bucket)"],
            Errors("resources:\n  noop:\n    - {name: a, meta: {limit: 2}}\n"));
        Assert.Equal(
            ["g.yaml:3:41: noop[a]: Meta:limit needs Meta:burst of at least 1 (the size of the rate limiter's bucket)"],
            Errors("resources:\n  noop:\n    - {name: a, meta: {limit: 2, burst: 0}}\n"));
        Accepted("resources:\n  noop:\n    - {name: a, meta: {limit: 2, burst: 1}}\n");
    }

    [Fact]
    public void Mistakes_in_meta_types_parameters_and_values_of_one_resource_are_all_reported()
    {
        var errors = Errors("resources:\n  exec:\n    - {name: c, cmd: 5s, bogus: 1, meta: {retry: many, delay: -1, noop: maybe}}\n");
        Assert.Equal(4, errors.Count);
        Assert.StartsWith("g.yaml:3:26: exec has no parameter 'bogus'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("g.yaml:3:50: meta 'retry' of exec[c] must be a whole number, not 'many'", errors[1], StringComparison.Ordinal);
        Assert.Equal("g.yaml:3:63: exec[c]: Meta:delay is in milliseconds and cannot be negative (-1)", errors[2]);
        Assert.StartsWith("g.yaml:3:73: meta 'noop' of exec[c] must be true or false, not 'maybe'", errors[3], StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_starting_with_a_dollar_needs_meta_dollar()
    {
        var errors = Errors("resources:\n  print:\n    - name: $f\n      msg: hi\n");
        Assert.Equal(
            ["g.yaml:3:13: print[$f]: the name starts with '$', which usually means a variable was not interpolated; if the name is meant, set Meta:dollar (add 'meta: {dollar: true}' to this resource)"],
            errors);

        var g = Read("resources:\n  print:\n    - {name: $f, msg: hi, meta: {dollar: true}}\n").Graph;
        Assert.NotNull(g);
        Assert.NotNull(g.Find("print", "$f"));
        // A dollar later in the name is no sign of a forgotten variable.
        Accepted("resources:\n  print:\n    - {name: price-$5, msg: hi}\n");
    }
}
