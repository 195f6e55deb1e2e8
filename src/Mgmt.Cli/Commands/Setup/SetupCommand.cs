using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.Commands.Setup;

/// <summary><c>mgmt setup ...</c>: helpers that prepare a machine for the agent.</summary>
public sealed class SetupCommand : Command
{
    public SetupCommand() => AddSubcommand(new SetupSvcCommand());

    public override string Name => "setup";

    public override string Summary => "prepare this machine for the agent (its systemd service)";
}
