using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.World;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>kv</c>: keeps a key of the cluster's store at a value. Without <see cref="Mapped"/> the key is shared by
/// every host (read back with <c>world.getval</c>); with it, each host keeps its own entry of the key, and
/// <c>world.kvlookup</c> reads every host's entry. An unset <see cref="Value"/> deletes the key (or this host's entry).
/// </summary>
/// <remarks>
/// The resource watches its key through the world, so a value that someone else writes is put back. While the
/// store is unreachable a check waits for it (saying so in the log) instead of failing, and finishes when it is
/// back. With
/// <see cref="SkipLessThan"/> a stored value that is already "ahead" of the wanted one is left alone (finite state
/// machines whose steps only go forward), except on a refresh, which always forces the exact value.
/// </remarks>
[ResourceKind("kv")]
public sealed class KvResource : Resource, IRefreshable, IReceivable
{
    /// <summary><see cref="SkipCmpStyle"/>: compare as whole numbers.</summary>
    public const long CompareNumbers = 0;

    /// <summary><see cref="SkipCmpStyle"/>: compare as text (ordinal).</summary>
    public const long CompareText = 1;

    private IWorld? _world;
    private CancellationToken _stopping;

    /// <summary>The key; the resource's name when empty. It may not contain '/' or control characters.</summary>
    [Param("key")]
    public string Key { get; set; } = "";

    /// <summary>The value to keep; unset deletes the key.</summary>
    [Param("value")]
    public string? Value { get; set; }

    /// <summary>Keep this host's own entry of the key instead of the shared value.</summary>
    [Param("mapped")]
    public bool Mapped { get; set; }

    /// <summary>Leave a stored value alone when it is greater than the wanted one (see <see cref="SkipCmpStyle"/>).</summary>
    [Param("skiplessthan")]
    public bool SkipLessThan { get; set; }

    /// <summary>How <see cref="SkipLessThan"/> compares: 0 as whole numbers (the default), 1 as text.</summary>
    [Param("skipcmpstyle")]
    public long SkipCmpStyle { get; set; }

    /// <summary>The key actually written.</summary>
    public string EffectiveKey => Key.Length > 0 ? Key : Name;

    public override void Validate()
    {
        ClusterWorld.Validate(() => { if (Mapped) WorldKeys.ValidateKey(EffectiveKey); else WorldKeys.ValidateStringKey(EffectiveKey); });
        if (Value is { } value) ClusterWorld.Validate(() => WorldKeys.ValidateValue(value, $"kv[{Name}]"));
        if (SkipCmpStyle is not (CompareNumbers or CompareText))
        {
            throw new ResourceValidationException($"skipcmpstyle is {SkipCmpStyle}: use 0 to compare values as whole numbers or 1 to compare them as text");
        }
        if (SkipLessThan && SkipCmpStyle == CompareNumbers && Value is { } v && !long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new ResourceValidationException(
                $"skiplessthan compares whole numbers, but the value \"{v}\" is not one: give a number, or set skipcmpstyle => 1 to compare text");
        }
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _world = ClusterWorld.Require(context, Kind);
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        var world = _world!;
        _stopping = cancel;
        Context.Running();
        try
        {
            // The first state is the current one: it costs one check, and covers a change made before the watch.
            if (Mapped)
            {
                await foreach (var _ in world.WatchMapAsync(EffectiveKey, cancel).ConfigureAwait(false)) Context.Event();
            }
            else
            {
                await foreach (var _ in world.WatchStringAsync(EffectiveKey, cancel).ConfigureAwait(false)) Context.Event();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var world = _world!;
        var key = EffectiveKey;
        if (Context.Received.TryGetValue("value", out var received) && received.Changed)
        {
            KvLog.Received(Context.Logger, Value is null ? "unset" : $"\"{Value}\"");
        }
        if (!apply || SkipLessThan)
        {
            // Only a check, or a comparison with what is stored, needs to read first.
            var stored = await ClusterWorld.CallAsync(Context, ct => ReadAsync(world, key, ct), cancel, _stopping).ConfigureAwait(false);
            var right = Value is not { } wanted
                ? stored is null
                : stored == wanted || (stored is not null && SkipLessThan && !Context.Refresh && IsAhead(stored, wanted));
            if (!right) Context.Changes.Set(key, stored, Value);
            if (right || !apply) return right;
        }
        return await EnforceAsync(world, key, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies without reading first: the world writes (or deletes) only when the stored value differs, in one
    /// transaction, and says whether it did. Half the round trips of a read and a write.
    /// </summary>
    private async Task<bool> EnforceAsync(IWorld world, string key, CancellationToken cancel)
    {
        if (Value is not { } wanted)
        {
            var removed = await ClusterWorld.CallAsync(Context, ct => Mapped ? world.DeleteMapValueAsync(key, ct) : world.DeleteStringAsync(key, ct), cancel, _stopping)
                .ConfigureAwait(false);
            if (removed) Context.Changes.Set(key, "(set)", null);
            return !removed;
        }
        var changed = await ClusterWorld.CallAsync(Context, ct => Mapped ? world.SetMapValueAsync(key, wanted, ct) : world.SetStringAsync(key, wanted, ct), cancel, _stopping)
            .ConfigureAwait(false);
        // The write compares in the store, so the old value is not known here; the check before it (noop) shows it.
        if (changed) Context.Changes.Set(key, "(other)", wanted);
        return !changed;
    }

    private async Task<string?> ReadAsync(IWorld world, string key, CancellationToken cancel)
    {
        if (!Mapped) return await world.GetStringAsync(key, cancel).ConfigureAwait(false);
        var map = await world.GetMapAsync(key, cancel).ConfigureAwait(false);
        return map.GetValueOrDefault(world.Hostname);
    }

    /// <summary>True when the stored value is greater than the wanted one, so progress must not go back.</summary>
    private bool IsAhead(string stored, string wanted)
    {
        if (SkipCmpStyle == CompareText) return string.CompareOrdinal(wanted, stored) < 0;
        // A stored value that is not a number (from an older program) is simply replaced.
        return long.TryParse(stored, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
            && long.TryParse(wanted, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var w)
            && w < s;
    }
}

internal static partial class KvLog
{
    [LoggerMessage(EventId = 4603, Level = LogLevel.Information, Message = "received a new value: {Value}")]
    public static partial void Received(ILogger logger, string value);
}
