namespace Mgmt.Cli.Tests.CommandLine;

/// <summary>Runs the command line in process and captures what it writes.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(string[] args, Dictionary<string, string>? env = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, name => env?.GetValueOrDefault(name), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
