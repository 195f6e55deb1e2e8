using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Deploys;
using Mgmt.World;
using Mgmt.World.Deploys;

namespace Mgmt.Cli.Commands.Deploy;

/// <summary>
/// <c>mgmt deploy rollback N</c>: a new deploy (the history only grows) with deploy N's files, kind and options,
/// signed anew with --sign. Its rollout is --rollout/--timeout as given now.
/// </summary>
public sealed class DeployRollbackCommand : Command
{
    public override string Name => "rollback";

    public override string Summary => "deploy again the content of deploy N, as a new deploy signed anew";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } = [new("N", "the deploy whose content to run again")];

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        var id = DeployShowCommand.ParseId(invocation.Arguments[0], this);
        var flags = (DeployCommand)Parent!;
        await using var admin = await flags.ConnectAsync(this, invocation).ConfigureAwait(false);
        if (admin is null) return ExitCodes.Failure;
        DeployRecord record;
        var files = new List<DeployContent>();
        try
        {
            var stored = await admin.Deploys.GetAsync(id, invocation.Cancel).ConfigureAwait(false);
            if (stored is null)
            {
                invocation.Error.WriteLine($"mgmt: error: there is no deploy {id} (never made, or pruned): see 'mgmt deploy list'");
                return ExitCodes.Failure;
            }
            record = DeployRecord.Parse(stored.Record);
            // The content is re-checked against the manifest: a rollback must not re-sign files altered in the store.
            foreach (var file in record.Files)
            {
                var content = await admin.Deploys.GetBlobAsync(file.Sha256, invocation.Cancel).ConfigureAwait(false)
                    ?? throw new DeployException($"deploy {id}'s file {file.Path} is no longer in the store");
                if (DeployContent.Sha256(content) != file.Sha256) throw new DeployException($"deploy {id}'s file {file.Path} does not match its hash (changed in the store)");
                files.Add(new DeployContent(file, content));
            }
        }
        catch (FormatException e)
        {
            invocation.Error.WriteLine($"mgmt: error: deploy {id}'s record cannot be read: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (DeployException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.Failure;
        }
        var publisher = new DeployPublisher(flags, admin.Deploys, invocation);
        // Going back is the point, so the git descent check does not apply; the commit of deploy N is recorded again.
        return await publisher.PublishAsync(record.Kind, record.Entry, files, flags.NoGit.Value ? null : record.GitCommit, _ => Task.FromResult<string?>(null), id)
            .ConfigureAwait(false);
    }
}
