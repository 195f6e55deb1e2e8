using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.Commands;

/// <summary><c>mgmt help [COMMAND...]</c>: the same text as <c>--help</c> on that command.</summary>
public sealed class HelpCommand : Command
{
    public override string Name => "help";

    public override string Summary => "show help for mgmt or one of its commands";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("COMMAND", "a command, such as 'run' or 'run yaml'", Required: false), new("SUBCOMMAND", "", Required: false)];

    public override Task<int> RunAsync(CommandInvocation invocation)
    {
        Command target = Parent!;
        foreach (var word in invocation.Arguments)
        {
            target = target.Subcommands.FirstOrDefault(s => s.Name == word)
                ?? throw new UsageException($"there is no command '{word}' under '{target.Path}' (it has: {string.Join(", ", target.Subcommands.Select(s => s.Name))})", target);
        }
        HelpWriter.Write(target, invocation.Out);
        return Task.FromResult(ExitCodes.Ok);
    }
}
