using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.ExecResources;

public sealed class ExecValidateTests
{
    private static string Error(Action<ExecResource> configure)
    {
        var r = new ExecResource { Name = "n" };
        configure(r);
        return Assert.Throws<ResourceValidationException>(r.Validate).Message;
    }

    [Fact]
    public void TheCommandDefaultsToTheName()
    {
        var r = new ExecResource { Name = "echo hi" };
        r.Validate();
        Assert.Equal("echo hi", r.Command);
        Assert.Contains("command is empty", Assert.Throws<ResourceValidationException>(new ExecResource { Name = "  " }.Validate).Message);
    }

    [Fact]
    public void ArgsNeedABareProgramWithoutShell()
    {
        Assert.Contains("cannot be used with a shell", Error(r => { r.Cmd = "echo"; r.Args = ["x"]; r.Shell = "/bin/sh"; }));
        Assert.Contains("cmd has arguments", Error(r => { r.Cmd = "echo a"; r.Args = ["x"]; }));
    }

    [Fact]
    public void EnvironmentNamesAndSignalsAreChecked()
    {
        Assert.Contains("'1X' is not a valid variable name", Error(r => r.Env = new Dictionary<string, string> { ["1X"] = "v" }));
        Assert.Contains("'A-B' is not a valid variable name", Error(r => r.Env = new Dictionary<string, string> { ["A-B"] = "v" }));
        Assert.Contains("did you mean SIGINT", Error(r => r.CancelSignal = "int"));
        new ExecResource { Name = "true", CancelSignal = "SIGINT", Env = new Dictionary<string, string> { ["PATH"] = "/bin", ["_x1"] = "" } }.Validate();
    }

    [Fact]
    public void PathsMustBeAbsolute()
    {
        Assert.Contains("creates: the path 'x'", Error(r => r.Creates = "x"));
        Assert.Contains("watchfiles: the path 'y'", Error(r => r.WatchFiles = ["/ok", "y"]));
        Assert.Contains("mtimes: the path 'z'", Error(r => r.Mtimes = ["z"]));
    }

    [Fact]
    public void IfEqualsNeedsIfCmd() =>
        Assert.Contains("ifcmd, which is not set", Error(r => r.IfEquals = ""));
}
