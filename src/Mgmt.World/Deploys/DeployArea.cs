using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mgmt.World.Core;
using Mgmt.World.Store;

namespace Mgmt.World.Deploys;

/// <summary>A deploy as stored: its canonical record text and its armored OpenPGP signature (null: unsigned).</summary>
public sealed record StoredDeploy(ulong Id, string Record, string? Signature);

/// <summary>
/// The deploys' part of the store, all under <c>/mgmt/&lt;cluster&gt;/deploy/</c> (docs/deploys.md):
/// <list type="bullet">
/// <item><c>history/&lt;id&gt;</c> (20 digits, so keys sort by id): the signed records, append only;</item>
/// <item><c>blobs/&lt;sha256&gt;</c>: file contents (base64), written once, shared by every deploy that carries them;</item>
/// <item><c>ready/&lt;host&gt;/&lt;id&gt;</c>: a host's answer in a <c>sync</c> rollout, on its session (the writer first, so
/// one prefix per host is all an etcd permission needs);</item>
/// <item><c>barrier/&lt;id&gt;</c>: the one decision of a <c>sync</c> rollout, <c>switch</c> or <c>abort: why</c>;</item>
/// <item><c>followers/&lt;host&gt;</c>: the live agents that follow deploys (on their session): a <c>sync</c> rollout waits for them.</item>
/// </list>
/// Used by agents (through their world: watches and session keys) and by <c>mgmt deploy</c> (a plain client).
/// </summary>
public sealed class DeployArea
{
    /// <summary>etcd refuses requests above 1.5 MiB; a file, base64-encoded, must stay below it.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private readonly StoreCalls _calls;
    private readonly StoreWorld? _world;
    private readonly string _root;

    internal DeployArea(StoreCalls calls, KeyLayout layout, StoreWorld? world)
    {
        _calls = calls;
        _world = world;
        _root = layout.Deploy;
        History = _root + "history/";
        Blobs = _root + "blobs/";
        Ready = _root + "ready/";
        Barriers = _root + "barrier/";
        Followers = _root + "followers/";
    }

    internal string Followers { get; }

    internal string History { get; }

    internal string Blobs { get; }

    internal string Ready { get; }

    internal string Barriers { get; }

    internal string HistoryKey(ulong id) => History + id.ToString("D20", CultureInfo.InvariantCulture);

    internal string BlobKey(string sha256) => Blobs + sha256;

    private string ReadyKey(string host, ulong id) => Ready + host + "/" + id.ToString(CultureInfo.InvariantCulture);

    internal string BarrierKey(ulong id) => Barriers + id.ToString(CultureInfo.InvariantCulture);

    // ---- history ----

    /// <summary>The highest deploy id, 0 when nothing was deployed.</summary>
    public async Task<ulong> LatestIdAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).LastOrDefault()?.Id ?? 0;

    /// <summary>Every kept deploy, oldest first.</summary>
    public async Task<IReadOnlyList<StoredDeploy>> ListAsync(CancellationToken cancellationToken)
    {
        var range = await _calls.RunAsync("list the deploys", (s, ct) => s.ListAsync(History, ct), cancellationToken).ConfigureAwait(false);
        return [.. range.Entries.Select(Read).OfType<StoredDeploy>().OrderBy(d => d.Id)];
    }

    /// <summary>Deploy <paramref name="id"/>, or null when it does not exist (or was pruned).</summary>
    public async Task<StoredDeploy?> GetAsync(ulong id, CancellationToken cancellationToken)
    {
        var entry = await _calls.RunAsync($"read deploy {id}", (s, ct) => s.GetAsync(HistoryKey(id), ct), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : Read(entry);
    }

    /// <summary>
    /// Appends <paramref name="deploy"/>: it is stored only if its id is free and the id before it exists (or it is
    /// the first), in one transaction, so the history stays a line even when two people deploy at once.
    /// </summary>
    public Task<AppendOutcome> AppendAsync(StoredDeploy deploy, CancellationToken cancellationToken)
    {
        var value = JsonSerializer.Serialize(new DeployEnvelope(deploy.Record, deploy.Signature), DeployJson.Default.DeployEnvelope);
        var previous = deploy.Id > 1 ? HistoryKey(deploy.Id - 1) : null;
        return _calls.RunAsync($"store deploy {deploy.Id}", (s, ct) => s.CreateAfterAsync(HistoryKey(deploy.Id), value, previous, ct), cancellationToken);
    }

    private StoredDeploy? Read(StoreEntry entry)
    {
        if (!ulong.TryParse(entry.Key.AsSpan(History.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        try
        {
            var envelope = JsonSerializer.Deserialize(entry.Value, DeployJson.Default.DeployEnvelope);
            // A damaged value is kept as a record nobody can verify or parse: the agents refuse it and say so.
            return new StoredDeploy(id, envelope?.Record ?? "", envelope?.Signature);
        }
        catch (JsonException)
        {
            return new StoredDeploy(id, "", null);
        }
    }

    /// <summary>The latest deploy id now, then after every new deploy (agents only: it needs the world's watch).</summary>
    public IAsyncEnumerable<ulong> WatchLatestAsync(CancellationToken cancellationToken)
    {
        var world = _world ?? throw new InvalidOperationException("watching deploys needs an agent's world");
        var mirror = world.Mirror(History);
        return LatestValueWatch.RunAsync<ulong>(mirror, History, exact: false, (out ulong latest) =>
        {
            var entries = mirror.Snapshot(History);
            latest = entries?.Select(Read).OfType<StoredDeploy>().Select(d => d.Id).DefaultIfEmpty(0UL).Max() ?? 0;
            return entries is not null;
        }, EqualityComparer<ulong>.Default, world.Closing, cancellationToken);
    }

    // ---- blobs ----

    /// <summary>Stores a file's content under its sha256 unless it is there already; true when it was uploaded.</summary>
    public async Task<bool> PutBlobIfNewAsync(string sha256, byte[] content, CancellationToken cancellationToken)
    {
        var key = BlobKey(sha256);
        var existing = await _calls.RunAsync($"look for file {sha256[..12]}", (s, ct) => s.GetAsync(key, ct), cancellationToken).ConfigureAwait(false);
        if (existing is not null) return false;
        var value = Convert.ToBase64String(content);
        var there = await _calls.RunAsync($"store file {sha256[..12]}", (s, ct) => s.CreateAsync(key, value, 0, ct), cancellationToken).ConfigureAwait(false);
        return there is null;
    }

    /// <summary>The content stored under <paramref name="sha256"/> (not checked here: the caller hashes it), or null.</summary>
    public async Task<byte[]?> GetBlobAsync(string sha256, CancellationToken cancellationToken)
    {
        var entry = await _calls.RunAsync($"read file {sha256[..Math.Min(12, sha256.Length)]}", (s, ct) => s.GetAsync(BlobKey(sha256), ct), cancellationToken).ConfigureAwait(false);
        if (entry is null) return null;
        try
        {
            return Convert.FromBase64String(entry.Value);
        }
        catch (FormatException)
        {
            return []; // not base64: its hash will not match, and the deploy is refused for it
        }
    }

    // ---- sync rollouts ----

    /// <summary>Says that this agent follows the deploys, for as long as its session lives.</summary>
    public Task FollowAsync(CancellationToken cancellationToken)
    {
        var world = _world ?? throw new InvalidOperationException("following deploys needs an agent's world");
        return world.PutOnSessionAsync(Followers + world.Hostname, "following", cancellationToken);
    }

    /// <summary>The live agents that follow deploys.</summary>
    public async Task<IReadOnlyList<string>> FollowersAsync(CancellationToken cancellationToken)
    {
        var range = await _calls.RunAsync("list the agents that follow deploys", (s, ct) => s.ListAsync(Followers, ct), cancellationToken).ConfigureAwait(false);
        return [.. range.Entries.Select(e => e.Key[Followers.Length..]).Where(h => h.Length > 0 && !h.Contains('/')).Order(StringComparer.Ordinal)];
    }

    /// <summary>This host's answer for a <c>sync</c> rollout (<c>ready</c>, or <c>failed: why</c>), held by its session.</summary>
    public Task ReportAsync(ulong id, string answer, CancellationToken cancellationToken)
    {
        var world = _world ?? throw new InvalidOperationException("reporting needs an agent's world");
        return world.PutOnSessionAsync(ReadyKey(world.Hostname, id), answer, cancellationToken);
    }

    /// <summary>Every host's answer for deploy <paramref name="id"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AnswersAsync(ulong id, CancellationToken cancellationToken)
    {
        var range = await _calls.RunAsync($"read the answers for deploy {id}", (s, ct) => s.ListAsync(Ready, ct), cancellationToken).ConfigureAwait(false);
        var wanted = id.ToString(CultureInfo.InvariantCulture);
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in range.Entries)
        {
            if (KeyLayout.SplitHostKey(entry.Key, Ready) is { } split && split.Name == wanted) answers[split.Host] = entry.Value;
        }
        return answers;
    }

    /// <summary>
    /// Decides a <c>sync</c> rollout once for all: the first decision written stands, whoever wrote it. Returns the
    /// decision in force (<paramref name="decision"/>, or the one that was there first).
    /// </summary>
    public async Task<string> DecideAsync(ulong id, string decision, CancellationToken cancellationToken)
    {
        var existing = await _calls.RunAsync($"decide deploy {id}", (s, ct) => s.CreateAsync(BarrierKey(id), decision, 0, ct), cancellationToken).ConfigureAwait(false);
        return existing?.Value ?? decision;
    }

    /// <summary>The decision of deploy <paramref name="id"/>'s rollout, or null while there is none.</summary>
    public async Task<string?> DecisionAsync(ulong id, CancellationToken cancellationToken) =>
        (await _calls.RunAsync($"read the decision of deploy {id}", (s, ct) => s.GetAsync(BarrierKey(id), ct), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>The decision of deploy <paramref name="id"/> now (null: none yet), then when it is made.</summary>
    public IAsyncEnumerable<string?> WatchDecisionAsync(ulong id, CancellationToken cancellationToken)
    {
        var world = _world ?? throw new InvalidOperationException("watching a rollout needs an agent's world");
        var key = BarrierKey(id);
        var mirror = world.Mirror(Barriers);
        return LatestValueWatch.RunAsync<string?>(mirror, key, exact: true, (out string? state) =>
        {
            var entries = mirror.Snapshot(key);
            state = entries?.FirstOrDefault(e => e.Key == key)?.Value;
            return entries is not null;
        }, EqualityComparer<string?>.Default, world.Closing, cancellationToken);
    }

    // ---- pruning ----

    /// <summary>
    /// Keeps the <paramref name="keep"/> newest deploys: older records go, with their rollout keys, then every blob
    /// no kept deploy names. Returns how many records and blobs were removed.
    /// </summary>
    public async Task<(int Records, int Blobs)> PruneAsync(int keep, Func<string, IReadOnlyList<string>?> filesOf, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var deploys = await ListAsync(cancellationToken).ConfigureAwait(false);
        var old = deploys.Take(Math.Max(0, deploys.Count - keep)).ToList();
        var kept = deploys.Skip(old.Count).ToList();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deploy in kept)
        {
            // A kept record that cannot be read names no files we know: keep every blob rather than guess.
            if (filesOf(deploy.Record) is not { } files) return (0, 0);
            referenced.UnionWith(files);
        }
        foreach (var deploy in old)
        {
            await _calls.RunAsync($"prune deploy {deploy.Id}", (s, ct) => s.DeleteAsync(HistoryKey(deploy.Id), ct), cancellationToken).ConfigureAwait(false);
            await _calls.RunAsync($"prune deploy {deploy.Id}", (s, ct) => s.DeleteAsync(BarrierKey(deploy.Id), ct), cancellationToken).ConfigureAwait(false);
        }
        var blobs = await _calls.RunAsync("list the stored files", (s, ct) => s.ListAsync(Blobs, ct), cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var blob in blobs.Entries)
        {
            if (referenced.Contains(blob.Key[Blobs.Length..])) continue;
            if (await _calls.RunAsync("prune a stored file", (s, ct) => s.DeleteAsync(blob.Key, ct), cancellationToken).ConfigureAwait(false)) removed++;
        }
        return (old.Count, removed);
    }
}

/// <summary>The stored value of a history key.</summary>
internal sealed record DeployEnvelope(string Record, string? Signature);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DeployEnvelope))]
internal sealed partial class DeployJson : JsonSerializerContext;
