using System.Diagnostics;
using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Deploys;
using Mgmt.World;
using Mgmt.World.Deploys;
using Mgmt.World.Store;

namespace Mgmt.Cli.Commands.Deploy;

/// <summary>
/// Stores a new deploy: uploads the files the store does not have, appends the signed record as the next id, and for
/// a <c>sync</c> rollout waits for every following agent's answer and writes the one decision.
/// </summary>
internal sealed class DeployPublisher(DeployCommand flags, DeployArea area, CommandInvocation invocation)
{
    /// <summary>
    /// Returns the exit code: 0 stored (and, for sync, switched everywhere), 1 not stored or aborted, 2 refused.
    /// <paramref name="checkPrevious"/> says why the deploy must not follow the latest one (null: it may);
    /// <paramref name="forRollback"/> is the deploy whose content this one repeats, for the message.
    /// </summary>
    public async Task<int> PublishAsync(
        string kind, string entry, IReadOnlyList<DeployContent> files, string? git, Func<DeployRecord?, Task<string?>> checkPrevious, ulong? forRollback)
    {
        var output = invocation.Out;
        try
        {
            var latest = await area.LatestIdAsync(invocation.Cancel).ConfigureAwait(false);
            var previous = latest > 0 ? TryParse(await area.GetAsync(latest, invocation.Cancel).ConfigureAwait(false)) : null;
            if (await checkPrevious(previous).ConfigureAwait(false) is { } problem)
            {
                invocation.Error.WriteLine($"mgmt: error: {problem}");
                return ExitCodes.BadInput;
            }
            var record = new DeployRecord
            {
                Id = latest + 1,
                Parent = latest,
                Time = DateTimeOffset.UtcNow,
                Author = $"{Environment.UserName}@{Environment.MachineName}",
                Kind = kind,
                Entry = entry,
                Rollout = flags.Rollout.Choice,
                TimeoutSeconds = flags.Timeout.Value,
                Noop = flags.Noop.Value,
                Sema = flags.Sema.IsSet ? flags.Sema.Value : 0,
                AutoEdges = !flags.NoAutoEdges.Value,
                AutoGroup = !flags.NoAutoGroup.Value,
                GitCommit = git,
                Files = [.. files.Select(f => f.File)],
            };
            var text = record.ToCanonicalText();
            var signature = flags.SignRecord(text, invocation);
            // Signed first: a key that cannot sign leaves nothing behind in the store.
            var uploaded = 0;
            foreach (var file in files)
            {
                if (await area.PutBlobIfNewAsync(file.File.Sha256, file.Content, invocation.Cancel).ConfigureAwait(false)) uploaded++;
            }
            var outcome = await area.AppendAsync(new StoredDeploy(record.Id, text, signature), invocation.Cancel).ConfigureAwait(false);
            if (outcome == AppendOutcome.KeyExists)
            {
                invocation.Error.WriteLine($"mgmt: error: someone deployed meanwhile: deploy {record.Id} was stored while this one was being prepared, "
                    + "so this deploy was not stored (the history stays a line); look at 'mgmt deploy list' and deploy again on top of it");
                return ExitCodes.Failure;
            }
            if (outcome == AppendOutcome.RequiredKeyMissing)
            {
                invocation.Error.WriteLine($"mgmt: error: deploy {latest} disappeared from the history meanwhile (pruned?), so deploy {record.Id} cannot follow it; deploy again");
                return ExitCodes.Failure;
            }
            // A blob that was there when we looked may have been pruned since (it belonged only to an old deploy).
            foreach (var file in files) await area.PutBlobIfNewAsync(file.File.Sha256, file.Content, invocation.Cancel).ConfigureAwait(false);
            var signer = DeploySignatures.SignerKeyId(signature) is { } key ? $"signed by key {key}" : "UNSIGNED";
            var origin = forRollback is { } back ? $" (the content of deploy {back})" : "";
            output.WriteLine($"deploy {record.Id} stored{origin}: {kind}, {files.Count} file(s), {uploaded} uploaded, {signer}"
                + (git is null ? "" : $", git {git[..12]}") + $", rollout {record.Rollout}");
            output.Flush();
            await PruneAsync().ConfigureAwait(false);
            return record.Rollout == "sync" ? await WaitRolloutAsync(record).ConfigureAwait(false) : ExitCodes.Ok;
        }
        catch (DeployException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (WorldException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Keeps the last --keep deploys. The one who deploys prunes: with per-host permissions only an
    /// administrator may write the history, and a deploy is the moment it grows.</summary>
    private async Task PruneAsync()
    {
        var keep = flags.Keep.Value;
        var (records, blobs) = await area.PruneAsync(keep, DeployFollower.FilesOf, invocation.Cancel).ConfigureAwait(false);
        if (records + blobs > 0)
        {
            invocation.Out.WriteLine($"pruned {records} old deploy(s) and {blobs} unused file(s) (keeping the last {keep})");
            invocation.Out.Flush();
        }
    }

    private static DeployRecord? TryParse(StoredDeploy? stored)
    {
        if (stored is null) return null;
        try
        {
            return DeployRecord.Parse(stored.Record);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until every following agent is ready (then decides <c>switch</c>), or one failed, or the timeout passed
    /// (then decides <c>abort</c>); an agent may have decided first. Shows the progress, then each host's answer.
    /// </summary>
    private async Task<int> WaitRolloutAsync(DeployRecord record)
    {
        var output = invocation.Out;
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(record.TimeoutSeconds);
        string? shown = null;
        string? decision;
        IReadOnlyList<string> followers;
        IReadOnlyDictionary<string, string> answers;
        while (true)
        {
            decision = await area.DecisionAsync(record.Id, invocation.Cancel).ConfigureAwait(false);
            followers = await area.FollowersAsync(invocation.Cancel).ConfigureAwait(false);
            answers = await area.AnswersAsync(record.Id, invocation.Cancel).ConfigureAwait(false);
            var ready = followers.Count(h => answers.GetValueOrDefault(h) == "ready");
            var progress = $"{ready} of {followers.Count} hosts ready";
            if (progress != shown)
            {
                output.WriteLine(progress);
                output.Flush();
                shown = progress;
            }
            if (decision is null)
            {
                if (answers.FirstOrDefault(a => a.Value.StartsWith("failed", StringComparison.Ordinal)) is { Key: not null } failed)
                {
                    decision = await area.DecideAsync(record.Id, $"abort: {failed.Key}: {failed.Value["failed: ".Length..]}", invocation.Cancel).ConfigureAwait(false);
                }
                else if (followers.Count > 0 && ready == followers.Count)
                {
                    decision = await area.DecideAsync(record.Id, "switch", invocation.Cancel).ConfigureAwait(false);
                }
                else if (clock.Elapsed > limit)
                {
                    decision = await area.DecideAsync(record.Id, $"abort: not every host was ready within {record.TimeoutSeconds} s ({progress})", invocation.Cancel).ConfigureAwait(false);
                }
            }
            if (decision is not null) break;
            await Task.Delay(20, invocation.Cancel).ConfigureAwait(false);
        }
        foreach (var host in followers.Union(answers.Keys).Order(StringComparer.Ordinal))
        {
            output.WriteLine($"  {host}: {answers.GetValueOrDefault(host) ?? "no answer"}");
        }
        if (decision == "switch")
        {
            output.WriteLine($"deploy {record.Id}: all {followers.Count} hosts switched together");
            return ExitCodes.Ok;
        }
        var why = decision.StartsWith("abort: ", StringComparison.Ordinal) ? decision["abort: ".Length..] : decision;
        output.WriteLine($"deploy {record.Id} was aborted ({why}): no host switched; they keep running their previous deploy");
        return ExitCodes.Failure;
    }
}
