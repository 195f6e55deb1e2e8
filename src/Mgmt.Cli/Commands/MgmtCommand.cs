using System.Reflection;
using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.Commands;

/// <summary>The top of the command tree: <c>mgmt</c>, with <c>--version</c>, the global <c>--debug</c>, and its commands.</summary>
public sealed class MgmtCommand : Command
{
    public MgmtCommand()
    {
        Version = AddFlag(new SwitchFlag("--version", "print the version and exit"));
        Debug = AddFlag(new SwitchFlag("--debug", "log debug messages too") { Short = "-v" });
        AddSubcommand(new RunCommand());
        AddSubcommand(new CheckCommand());
        AddSubcommand(new FmtCommand());
        AddSubcommand(new CompletionCommand());
        AddSubcommand(new Setup.SetupCommand());
        AddSubcommand(new ManCommand());
        AddSubcommand(new Cluster.ClusterCommand());
        AddSubcommand(new Deploy.DeployCommand());
        AddSubcommand(new Tls.TlsCommand());
        AddSubcommand(new HelpCommand());
    }

    public override string Name => "mgmt";

    public override string Summary => "real-time, parallel, event-driven configuration management";

    public override string? Details =>
        "mgmt keeps this machine in the state a resource graph declares: it applies independent resources in " +
        "parallel, watches each one for drift and repairs it within milliseconds, and takes new graphs while it runs.";

    public SwitchFlag Version { get; }

    public SwitchFlag Debug { get; }

    /// <summary>Runnable so that <c>mgmt --version</c> works; without it, a command is required.</summary>
    public override bool IsRunnable => true;

    /// <summary>The version of this build, such as <c>0.1.0</c>.</summary>
    public static string VersionText =>
        typeof(MgmtCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(MgmtCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public override Task<int> RunAsync(CommandInvocation invocation)
    {
        if (!Version.Value)
        {
            throw new UsageException($"mgmt needs a command: {string.Join(", ", Subcommands.Select(s => s.Name))}", this);
        }
        invocation.Out.WriteLine($"mgmt {VersionText}");
        return Task.FromResult(ExitCodes.Ok);
    }
}
