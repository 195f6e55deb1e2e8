using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Mgmt.Cli.Agent;
using Mgmt.Cli.FrontEnds;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.World;
using Mgmt.World.Deploys;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Deploys;

/// <summary>
/// The front end of an agent that follows the cluster's deploys (<c>mgmt run empty</c> in a cluster): it takes the
/// latest deploy, verifies its signature and every file, compiles it, and switches to it, at once (<c>immediate</c>)
/// or when the whole cluster is ready (<c>sync</c>). A deploy it refuses is logged with its id and the reason, and
/// the last good deploy keeps running. Before any deploy it runs an empty graph.
/// </summary>
internal sealed partial class DeployFollower(DeployArea area, IWorld world, DeployPolicy policy, HostStatusPublisher? status)
{
    /// <summary>How long after its own timeout an agent waits for the deploying user's decision before deciding abort itself.</summary>
    private static readonly TimeSpan DecisionGrace = TimeSpan.FromSeconds(5);

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        var output = Channel.CreateUnbounded<FrontEndResult>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var log = context.Loggers.CreateLogger("deploy");
        var loop = Task.Run(() => FollowAsync(context, log, output.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var result in output.Reader.ReadAllAsync(cancel).ConfigureAwait(false)) yield return result;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task FollowAsync(FrontEndContext context, ILogger log, ChannelWriter<FrontEndResult> output, CancellationToken cancel)
    {
        if (policy.Trust is { } trust) Log.Trusting(log, string.Join(", ", trust.Fingerprints), trust.Source);
        else if (policy.Insecure) Log.Insecure(log);
        else Log.NoTrust(log);
        await FollowWorldAsync(log, cancel).ConfigureAwait(false);
        var code = context.Services.GetService(typeof(RunningCode)) as RunningCode;
        Running? running = null;
        var first = true;
        try
        {
            await foreach (var latest in area.WatchLatestAsync(cancel).ConfigureAwait(false))
            {
                if (latest == 0 || (running is not null && running.Id >= latest))
                {
                    if (first) await output.WriteAsync(FrontEndResult.Of(new ResourceGraph { Name = "empty" }), cancel).ConfigureAwait(false);
                    first = false;
                    continue;
                }
                var next = await PrepareAsync(latest, latest: true, context, log, running?.Id, cancel).ConfigureAwait(false);
                // A host that starts while the newest deploy cannot run here runs the newest one that can.
                for (var older = latest - 1; next is null && first && older >= 1 && latest - older < (ulong)policy.Keep; older--)
                {
                    next = await PrepareAsync(older, latest: false, context, log, null, cancel).ConfigureAwait(false);
                }
                if (next is null)
                {
                    if (first) await output.WriteAsync(FrontEndResult.Of(new ResourceGraph { Name = "empty" }), cancel).ConfigureAwait(false);
                    first = false;
                    continue;
                }
                // The old program stops before the new graph goes out, so no late graph of it can follow.
                if (running is not null) await running.StopAsync().ConfigureAwait(false);
                // Resources of the new graph (deploy:tar) see their deploy from their first check on.
                code?.Deploy(next.Id, next.Files);
                await output.WriteAsync(FrontEndResult.Of(next.FirstGraph), cancel).ConfigureAwait(false);
                running = next;
                running.Pump(output);
                first = false;
                status?.RunningDeploy(next.Id);
                Log.Switched(log, next.Id, next.Record.Kind, next.Signer ?? "nobody (unsigned)");
                RemoveOtherDirectories(context, next.Id);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            if (running is not null) await running.StopAsync().ConfigureAwait(false);
            output.TryComplete();
        }
    }

    /// <summary>Registers this agent as a follower (a <c>sync</c> rollout waits for it), retrying while the store is away.</summary>
    private async Task FollowWorldAsync(ILogger log, CancellationToken cancel)
    {
        while (true)
        {
            try
            {
                await area.FollowAsync(cancel).ConfigureAwait(false);
                return;
            }
            catch (WorldException e)
            {
                Log.StoreTrouble(log, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Fetches, verifies, materializes and compiles deploy <paramref name="id"/> and (for a <c>sync</c> rollout) waits
    /// for the cluster's decision. Null when it must not run: the reason is logged, and for the newest deploy of a
    /// <c>sync</c> rollout it is reported so the whole cluster stays.
    /// </summary>
    private async Task<Running?> PrepareAsync(ulong id, bool latest, FrontEndContext context, ILogger log, ulong? current, CancellationToken cancel)
    {
        var sync = false;
        var reported = false;
        Running? prepared = null;
        try
        {
            var stored = await FromStoreAsync(c => area.GetAsync(id, c), log, cancel).ConfigureAwait(false)
                ?? throw new DeployException("it is not in the store (pruned?)");
            var signer = Verify(stored);
            DeployRecord record;
            try
            {
                record = DeployRecord.Parse(stored.Record);
            }
            catch (FormatException e)
            {
                throw new DeployException($"its record cannot be read: {e.Message}");
            }
            if (record.Id != id) throw new DeployException($"its record says it is deploy {record.Id} (a record copied to another id?)");
            sync = record.Rollout == "sync";
            var decision = sync ? await FromStoreAsync(c => area.DecisionAsync(id, c), log, cancel).ConfigureAwait(false) : null;
            if (decision is not null && decision != "switch") throw new DeployException($"its sync rollout was aborted ({decision})", reportable: false);
            var files = await FetchAsync(record, log, cancel).ConfigureAwait(false);
            var directory = Path.Combine(DeploysDirectory(context), id.ToString(CultureInfo.InvariantCulture));
            DeployPackage.Materialize(directory, files);
            prepared = await CompileAsync(id, record, signer, DeployPackage.EntryPath(directory, record.Entry), context, cancel).ConfigureAwait(false);
            prepared.Files = [.. files.Select(f => new CodeFile(f.File.Path, record.Time, f.Content))];
            if (sync && decision is null)
            {
                if (!latest) throw new DeployException("its sync rollout was never decided", reportable: false);
                await area.ReportAsync(id, "ready", cancel).ConfigureAwait(false);
                reported = true;
                Log.Ready(log, id);
                decision = await WaitDecisionAsync(id, TimeSpan.FromSeconds(record.TimeoutSeconds) + DecisionGrace, cancel).ConfigureAwait(false);
                if (decision != "switch") throw new DeployException($"its sync rollout was aborted ({decision})", reportable: false);
            }
            return prepared;
        }
        catch (Exception e) when (e is DeployException or WorldException or IOException or UnauthorizedAccessException)
        {
            if (prepared is not null) await prepared.StopAsync().ConfigureAwait(false);
            Log.Refused(log, id, e.Message, current is { } c ? $"deploy {c}" : "the empty graph");
            if (sync && latest && !reported && e is not DeployException { Reportable: false })
            {
                await ReportFailureAsync(id, e.Message, log, cancel).ConfigureAwait(false);
            }
            return null;
        }
    }

    /// <summary>
    /// A read of the deploy area that waits out a store outage (1 s, doubling up to 30 s): a deploy is never refused
    /// because etcd was away for a moment. Any other world error is the caller's to report.
    /// </summary>
    private static async Task<T> FromStoreAsync<T>(Func<CancellationToken, Task<T>> read, ILogger log, CancellationToken cancel)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await read(cancel).ConfigureAwait(false);
            }
            catch (WorldUnavailableException e)
            {
                Log.StoreTrouble(log, e.Message);
                await Task.Delay(delay, cancel).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>The signer's key id; null for an unsigned deploy that <c>--insecure-deploys</c> lets through.</summary>
    private string? Verify(StoredDeploy stored)
    {
        if (policy.Trust is { } trust) return trust.Verify(Encoding.UTF8.GetBytes(stored.Record), stored.Signature);
        if (!policy.Insecure)
        {
            throw new DeployException("this agent has no trust store: give it the signers' public keys with --trust FILE|DIR (or accept unsigned deploys with --insecure-deploys)");
        }
        return null;
    }

    /// <summary>Every file of <paramref name="record"/>, each checked against its hash and size.</summary>
    private async Task<List<DeployContent>> FetchAsync(DeployRecord record, ILogger log, CancellationToken cancel)
    {
        var files = new List<DeployContent>(record.Files.Count);
        foreach (var file in record.Files)
        {
            var content = await FromStoreAsync(c => area.GetBlobAsync(file.Sha256, c), log, cancel).ConfigureAwait(false)
                ?? throw new DeployException($"its file {file.Path} ({file.Sha256[..12]}) is missing from the store");
            if (DeployContent.Sha256(content) != file.Sha256 || content.Length != file.Size)
            {
                throw new DeployException($"its file {file.Path} does not match its hash (changed in the store)");
            }
            files.Add(new DeployContent(file, content));
        }
        return files;
    }

    /// <summary>Starts the deploy's front end and takes its first graph: the deploy compiles and runs here.</summary>
    private async Task<Running> CompileAsync(ulong id, DeployRecord record, string? signer, string entry, FrontEndContext context, CancellationToken cancel)
    {
        var frontEnd = DeployFrontEnds.Create(record.Kind, entry);
        var inner = new FrontEndContext
        {
            Registry = context.Registry,
            Hostname = context.Hostname,
            Loggers = context.Loggers,
            Watch = false, // a deploy's files never change; a new deploy replaces them
            Time = context.Time,
            Services = context.Services,
            HoldConvergence = context.HoldConvergence,
            Local = context.Local,
            Prefix = context.Prefix,
        };
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var results = frontEnd.GraphsAsync(inner, stop.Token).GetAsyncEnumerator(stop.Token);
        var running = new Running(id, record, signer, results, stop);
        try
        {
            var limit = TimeSpan.FromSeconds(record.TimeoutSeconds);
            var next = results.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(limit, cancel)).ConfigureAwait(false) != next)
            {
                throw new DeployException($"it made no graph within {record.TimeoutSeconds} s");
            }
            if (!await next.ConfigureAwait(false)) throw new DeployException("its front end ended without a graph");
            if (results.Current.Graph is not { } graph)
            {
                throw new DeployException($"it does not compile here: {string.Join("; ", results.Current.Errors.Select(e => e.ToString()))}");
            }
            running.FirstGraph = Apply(record, graph);
            return running;
        }
        catch
        {
            await running.StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The options recorded in the deploy, applied to every resource of its graph as their meta parameters: noop
    /// (<c>--noop</c>: it reports, changes nothing), a shared semaphore of N (<c>--sema N</c>, as <c>run --sema</c>),
    /// no automatic edges or grouping (<c>--no-autoedges</c>, <c>--no-autogroup</c>). The agent's own run flags
    /// still apply on top: a deploy can turn these features off, not on.
    /// </summary>
    internal static ResourceGraph Apply(DeployRecord record, ResourceGraph graph)
    {
        var sema = record.Sema > 0 ? $":{record.Sema.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : null;
        foreach (var resource in graph.Vertices)
        {
            var meta = resource.Meta;
            if (record.Noop) meta = meta with { Noop = true };
            if (sema is not null && !meta.Sema.Contains(sema)) meta = meta with { Sema = [.. meta.Sema, sema] };
            if (!record.AutoEdges) meta = meta with { AutoEdge = false };
            if (!record.AutoGroup) meta = meta with { AutoGroup = false };
            resource.Meta = meta;
        }
        return graph;
    }

    /// <summary>Waits for the decision of a <c>sync</c> rollout; when none comes in time, decides abort itself.</summary>
    private async Task<string> WaitDecisionAsync(ulong id, TimeSpan limit, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(limit);
        try
        {
            await foreach (var decision in area.WatchDecisionAsync(id, timeout.Token).ConfigureAwait(false))
            {
                if (decision is not null) return decision;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
        }
        cancel.ThrowIfCancellationRequested();
        return await area.DecideAsync(id, $"abort: {world.Hostname} saw no decision within {(int)limit.TotalSeconds} s", cancel).ConfigureAwait(false);
    }

    /// <summary>Tells the cluster that this host cannot run deploy <paramref name="id"/>: nobody switches.</summary>
    private async Task ReportFailureAsync(ulong id, string reason, ILogger log, CancellationToken cancel)
    {
        try
        {
            await area.ReportAsync(id, $"failed: {reason}", cancel).ConfigureAwait(false);
            await area.DecideAsync(id, $"abort: {world.Hostname}: {reason}", cancel).ConfigureAwait(false);
        }
        catch (WorldException e)
        {
            Log.StoreTrouble(log, e.Message);
        }
    }

    /// <summary>The blobs a record names, or null when it cannot be read (pruning then keeps every blob).</summary>
    internal static IReadOnlyList<string>? FilesOf(string record)
    {
        try
        {
            return [.. DeployRecord.Parse(record).Files.Select(f => f.Sha256)];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string DeploysDirectory(FrontEndContext context) =>
        Path.Combine(context.Prefix ?? throw new InvalidOperationException("following deploys needs the agent's prefix"), "deploys");

    /// <summary>Only the running deploy's files stay on disk.</summary>
    private static void RemoveOtherDirectories(FrontEndContext context, ulong keep)
    {
        var root = DeploysDirectory(context);
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            if (Path.GetFileName(directory) == keep.ToString(CultureInfo.InvariantCulture)) continue;
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A deploy whose front end runs: its first graph, then the rest pumped to the agent.</summary>
    private sealed class Running(ulong id, DeployRecord record, string? signer, IAsyncEnumerator<FrontEndResult> results, CancellationTokenSource stop)
    {
        private Task? _pump;

        public ulong Id => id;

        public DeployRecord Record => record;

        public string? Signer => signer;

        public ResourceGraph FirstGraph { get; set; } = null!;

        /// <summary>The deploy's verified files, each with the deploy's time.</summary>
        public IReadOnlyList<CodeFile> Files { get; set; } = [];

        public void Pump(ChannelWriter<FrontEndResult> output) => _pump = Task.Run(async () =>
        {
            try
            {
                while (await results.MoveNextAsync().ConfigureAwait(false))
                {
                    if (results.Current.Graph is { } graph) Apply(record, graph);
                    await output.WriteAsync(results.Current, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        public async Task StopAsync()
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (_pump is not null) await _pump.ConfigureAwait(false);
            try
            {
                await results.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or NotSupportedException)
            {
                // A MoveNext still pending (a compile that timed out) cannot be disposed; its cancellation ends it.
            }
            stop.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "deploys: trusting signatures by {Keys} (from {Source})")]
        public static partial void Trusting(ILogger logger, string keys, string source);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "deploys: accepting UNSIGNED deploys (--insecure-deploys, no --trust): whoever can write to the cluster's store can run code on this host")]
        public static partial void Insecure(ILogger logger);

        [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "deploys: no trust store (--trust FILE|DIR) and no --insecure-deploys: every deploy will be refused")]
        public static partial void NoTrust(ILogger logger);

        [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "deploy {Id} is running ({Kind}, signed by {Signer})")]
        public static partial void Switched(ILogger logger, ulong id, string kind, string signer);

        [LoggerMessage(EventId = 8005, Level = LogLevel.Error, Message = "deploy {Id} refused: {Reason}; {Current} keeps running")]
        public static partial void Refused(ILogger logger, ulong id, string reason, string current);

        [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "deploy {Id} is ready here; waiting for the cluster's decision (sync rollout)")]
        public static partial void Ready(ILogger logger, ulong id);

        [LoggerMessage(EventId = 8007, Level = LogLevel.Warning, Message = "deploys: the store is not answering: {Problem}")]
        public static partial void StoreTrouble(ILogger logger, string problem);

    }
}
