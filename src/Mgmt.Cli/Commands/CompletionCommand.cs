using Mgmt.Cli.CommandLine;
using Mgmt.Cli.CommandLine.Generated;

namespace Mgmt.Cli.Commands;

/// <summary><c>mgmt completion bash|zsh|fish</c>: prints the shell's completion script, made from the command definitions.</summary>
public sealed class CompletionCommand : Command
{
    public override string Name => "completion";

    public override string Summary => "print the shell completion script for bash, zsh or fish";

    public override string Details =>
        "Prints a completion script for the shell, made from the same definitions as --help, so it offers every " +
        "command and flag of this build.\nbash: source <(mgmt completion bash)    zsh: source <(mgmt completion zsh)    " +
        "fish: mgmt completion fish | source\nThe Debian package installs them for every user.";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } = [new("SHELL", "bash, zsh or fish")];

    public override Task<int> RunAsync(CommandInvocation invocation)
    {
        var shell = invocation.Arguments[0];
        if (!CompletionScripts.Shells.Contains(shell))
        {
            throw new UsageException($"SHELL expects one of {string.Join(", ", CompletionScripts.Shells)}, got '{shell}'", this);
        }
        invocation.Out.Write(CompletionScripts.For(shell, Root()));
        return Task.FromResult(ExitCodes.Ok);
    }

    private Command Root() => SelfAndAncestors().Last();
}

/// <summary><c>mgmt man</c>: prints the manual page mgmt(1) in roff, made from the command definitions.</summary>
public sealed class ManCommand : Command
{
    public override string Name => "man";

    public override string Summary => "print the manual page mgmt(1) (roff), made from the same definitions as --help";

    public override string Details => Summary + "\nRead it with: mgmt man | man -l -";

    public override Task<int> RunAsync(CommandInvocation invocation)
    {
        invocation.Out.Write(ManPage.Write(SelfAndAncestors().Last(), MgmtCommand.VersionText));
        return Task.FromResult(ExitCodes.Ok);
    }
}
