using Mgmt.Cli.CommandLine;
using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.Logging;
using Mgmt.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Commands;

/// <summary>
/// <c>mgmt check FRONTEND ...</c>: reads and checks the input as <c>run</c> would (kinds, parameters, types,
/// edges, cycles, validation) without touching the machine. Exit 0 when it is fine, 2 with the problems.
/// </summary>
public sealed class CheckCommand : Command, IFrontEndHost
{
    public CheckCommand()
    {
        foreach (var frontEnd in FrontEndCatalog.Create()) AddSubcommand(frontEnd);
    }

    public override string Name => "check";

    public override string Summary => "check the input without running it";

    public override string SubcommandTitle => "Front ends";

    public async Task<int> RunFrontEndAsync(IFrontEnd frontEnd, CommandInvocation invocation)
    {
        var debug = ((MgmtCommand)Parent!).Debug.Value;
        using var loggers = new LineLoggerFactory(invocation.Error, debug ? LogLevel.Debug : LogLevel.Warning);
        var context = new FrontEndContext
        {
            Registry = ResourceKinds.CreateRegistry(),
            Hostname = Environment.MachineName,
            Loggers = loggers,
            Watch = false,
        };
        if (frontEnd is ICheckingFrontEnd checking)
        {
            var check = await checking.CheckAsync(context, invocation.Cancel).ConfigureAwait(false);
            foreach (var e in check.Errors) invocation.Error.WriteLine($"mgmt: error: {e}");
            if (!check.Ok) return ExitCodes.BadInput;
            invocation.Out.WriteLine($"ok: {check.Summary}");
            return ExitCodes.Ok;
        }
        await foreach (var result in frontEnd.GraphsAsync(context, invocation.Cancel).ConfigureAwait(false))
        {
            if (result.Graph is null)
            {
                foreach (var e in result.Errors) invocation.Error.WriteLine($"mgmt: error: {e}");
                return ExitCodes.BadInput;
            }
            invocation.Out.WriteLine($"ok: graph {result.Graph.Name} has {result.Graph.VertexCount} resources and {result.Graph.EdgeCount} edges");
            return ExitCodes.Ok;
        }
        invocation.Error.WriteLine("mgmt: error: the front end produced no graph");
        return ExitCodes.BadInput;
    }
}
