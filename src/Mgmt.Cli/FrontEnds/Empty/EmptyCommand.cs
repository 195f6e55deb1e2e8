using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.FrontEnds.Empty;

/// <summary><c>empty</c>: no code, an empty graph.</summary>
public sealed class EmptyCommand : FrontEndCommand
{
    public override string Name => "empty";

    public override string Summary => "an empty graph (an agent that manages nothing yet)";

    public override IFrontEnd Create(CommandInvocation invocation) => new EmptyFrontEnd();
}
