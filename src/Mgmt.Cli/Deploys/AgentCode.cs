using Mgmt.Cli.FrontEnds;
using Mgmt.Engine.Resources;

namespace Mgmt.Cli.Deploys;

/// <summary>
/// Makes the <see cref="RunningCode"/> service of an agent. An agent that follows deploys starts with none (the
/// follower tells each deploy it switches to); an agent that runs an mcl or YAML program from a file or directory
/// runs that program's files, exactly those <c>mgmt deploy</c> would carry for the same input, read afresh each
/// time (as the reference, which runs a local program as a deploy of it). Any other input has no code to hand on.
/// </summary>
internal static class AgentCode
{
    public static RunningCode For(IFrontEnd frontEnd)
    {
        var input = frontEnd.Input;
        if (frontEnd.Name == "empty")
        {
            return new RunningCode("this agent runs the empty front end and no deploy has started here (outside a cluster it follows none)");
        }
        if (frontEnd.Name is not ("lang" or "yaml"))
        {
            return new RunningCode($"this agent runs {frontEnd.Name} input, which is not code that a deploy carries");
        }
        if (input.Length == 0 || (!File.Exists(input) && !Directory.Exists(input)))
        {
            return new RunningCode($"this agent runs {frontEnd.Name} code given inline or on stdin, not from files; deploy it with mgmt deploy to archive it");
        }
        var full = Path.GetFullPath(input);
        var code = new RunningCode("");
        code.LocalInput(() => Read(frontEnd.Name, full), [full]);
        return code;
    }

    private static List<CodeFile> Read(string kind, string input)
    {
        try
        {
            var package = DeployPackage.Collect(kind, input);
            var root = package.SourceDirectory ?? "/";
            return [.. package.Files.Select(f => new CodeFile(f.File.Path, File.GetLastWriteTimeUtc(Path.Combine(root, f.File.Path)), f.Content))];
        }
        catch (DeployException e)
        {
            throw new IOException($"cannot read this agent's input: {e.Message}", e);
        }
    }
}
