using Mgmt.Cli.FrontEnds.Puppet;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>Puppet's compile errors become one diagnostic each, at their file, line and column, with a caret.</summary>
public sealed class PuppetErrorTextTests : IDisposable
{
    private readonly string _manifest = Path.Combine(Directory.CreateTempSubdirectory("mgmt-puppet-errors-").FullName, "bad.pp");

    [Fact]
    public void Repeated_and_wrapped_errors_become_one_diagnostic_with_the_source_line_and_a_caret()
    {
        File.WriteAllText(_manifest, "file { '/tmp/x':\n  ensure => file,\n  content => 'a'\n  mode => '0644',\n}\n");
        var output = $"""
            Error: Facter: Permission denied @ rb_sysopen - /proc/1/environ
            Error: Could not parse for environment production: Syntax error at 'mode' (file: {_manifest}, line: 4, column: 3) on node n1
            Error: Could not call 'find' on 'catalog': Could not parse for environment production: Syntax error at 'mode' (file: {_manifest}, line: 4, column: 3) on node n1
            Error: Try 'puppet help catalog compile' for usage
            """;
        var d = Assert.Single(PuppetErrorText.Parse(output, "site.pp"));
        Assert.Equal((_manifest, 4, 3), (d.File, d.Line, d.Column));
        Assert.Equal("Puppet: Could not parse for environment production: Syntax error at 'mode'", d.Message);
        Assert.Equal($"{_manifest}:4:3: Puppet: Could not parse for environment production: Syntax error at 'mode'\n  mode => '0644',\n  ^", d.ToString());
    }

    [Fact]
    public void An_error_without_a_place_names_the_input()
    {
        var d = Assert.Single(PuppetErrorText.Parse("\u001b[1;31mError: Could not find class ::nope for n1 on node n1\u001b[0m\n", "site.pp"));
        Assert.Equal("site.pp: Puppet: Could not find class ::nope for n1", d.ToString());
    }

    [Fact]
    public void A_line_without_a_column_has_no_caret()
    {
        File.WriteAllText(_manifest, "include nope\n");
        var d = Assert.Single(PuppetErrorText.Parse($"Error: Evaluation Error: Unknown function: 'x'. (file: {_manifest}, line: 1) on node n1\n", "site.pp"));
        Assert.Equal($"{_manifest}:1: Puppet: Evaluation Error: Unknown function: 'x'.\ninclude nope", d.ToString());
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_manifest)!, recursive: true);
}
