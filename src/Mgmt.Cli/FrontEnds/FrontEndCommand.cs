using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.FrontEnds;

/// <summary>
/// The command-line side of a front end: its word (<c>yaml</c>), arguments and flags, and how to build the
/// front end from them. The same front-end command class serves under <c>run</c> and <c>check</c>; the parent
/// command decides what to do with the graphs (<see cref="IFrontEndHost"/>).
/// </summary>
public abstract class FrontEndCommand : Command
{
    /// <summary>Builds the front end from the parsed arguments; throws <see cref="UsageException"/> for bad ones.</summary>
    public abstract IFrontEnd Create(CommandInvocation invocation);

    public sealed override Task<int> RunAsync(CommandInvocation invocation)
    {
        var host = Parent as IFrontEndHost
            ?? throw new InvalidOperationException($"front end '{Name}' is not under a command that runs front ends");
        return host.RunFrontEndAsync(Create(invocation), invocation);
    }
}

/// <summary>A command that takes a front end as its subcommand (<c>run</c>, <c>check</c>).</summary>
public interface IFrontEndHost
{
    Task<int> RunFrontEndAsync(IFrontEnd frontEnd, CommandInvocation invocation);
}
