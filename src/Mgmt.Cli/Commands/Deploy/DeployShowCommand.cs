using System.Globalization;
using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Deploys;
using Mgmt.World;

namespace Mgmt.Cli.Commands.Deploy;

/// <summary><c>mgmt deploy show N</c>: deploy N's record as signed, and who signed it.</summary>
public sealed class DeployShowCommand : Command
{
    public override string Name => "show";

    public override string Summary => "show a deploy's record (what was signed) and its signer";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } = [new("N", "the deploy id (see 'mgmt deploy list')")];

    internal static ulong ParseId(string text, Command command) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new UsageException($"N is \"{text}\": give a deploy id, a whole number of 1 or more (see 'mgmt deploy list')", command);

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        var id = ParseId(invocation.Arguments[0], this);
        await using var admin = await ((DeployCommand)Parent!).ConnectAsync(this, invocation).ConfigureAwait(false);
        if (admin is null) return ExitCodes.Failure;
        try
        {
            var deploy = await admin.Deploys.GetAsync(id, invocation.Cancel).ConfigureAwait(false);
            if (deploy is null)
            {
                invocation.Error.WriteLine($"mgmt: error: there is no deploy {id} (never made, or pruned): see 'mgmt deploy list'");
                return ExitCodes.Failure;
            }
            invocation.Out.Write(deploy.Record);
            invocation.Out.WriteLine(DeploySignatures.SignerKeyId(deploy.Signature) is { } key
                ? $"signature: by key {key} (each agent checks it against its own --trust keys)"
                : "signature: none (only agents with --insecure-deploys run it)");
            return ExitCodes.Ok;
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
