using Mgmt.World;
using EngineValue = Mgmt.Engine.Values.Value;

namespace Mgmt.Resources;

// store => "world://": the value lives in the world's string store under the key (the name, or ?key=KEY), so kv
// resources, world.getval and the same input on other hosts share it. Whoever spoke last wins: a value posted in
// the form is written to the world; a value written to the world (by anyone) replaces the form's.
public sealed partial class HttpServerUiInputResource
{
    private const string WorldScheme = "world://";

    private bool _storeEvent = true; // the first check takes what the world has; guarded by _lock
    private bool _misfitTold;

    /// <summary>The key in the world: <c>?key=</c> of the store, or the name.</summary>
    internal string StoreKey => FormText.Find(Store.Length > WorldScheme.Length ? Store[(WorldScheme.Length)..].TrimStart('?') : "", "key") is { Length: > 0 } key
        ? key
        : Name;

    private void ValidateStore()
    {
        if (Store.Length == 0) return;
        if (Store.StartsWith("local://", StringComparison.Ordinal))
        {
            throw new Engine.Resources.ResourceValidationException(
                $"'store' {Store}: the local store is not supported by this mgmt yet; use world:// (which also works on a single host)");
        }
        if (!Store.StartsWith(WorldScheme, StringComparison.Ordinal) || (Store.Length > WorldScheme.Length && Store[WorldScheme.Length] != '?'))
        {
            throw new Engine.Resources.ResourceValidationException($"'store' {Store} is not known: write world:// or world://?key=KEY");
        }
        if (Value.Length > 0) throw new Engine.Resources.ResourceValidationException("set either 'value' (kept in memory) or 'store' (kept in the world), not both");
    }

    private void WarnIfMisfit()
    {
        string current;
        lock (_lock) current = _value;
        if (_misfitTold || current.Length == 0 || _type.Problem(current) is not { } problem) return;
        _misfitTold = true;
        HttpLog.ValueMisfit(Context.Logger, EffectiveId, Type, problem);
    }

    /// <summary>The member's watch: with a world store, each change of the key wakes the check.</summary>
    public override async Task WatchAsync(CancellationToken cancel)
    {
        if (Store.Length == 0)
        {
            await base.WatchAsync(cancel).ConfigureAwait(false);
            return;
        }
        var world = ClusterWorld.Require(Context, Kind);
        Context.Running();
        try
        {
            await foreach (var _ in world.WatchStringAsync(StoreKey, cancel).ConfigureAwait(false))
            {
                lock (_lock) _storeEvent = true;
                Context.Event();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> StoreCheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var world = ClusterWorld.Require(Context, Kind);
        var key = StoreKey;
        var stored = await world.GetStringAsync(key, cancel).ConfigureAwait(false);
        string value;
        bool fromWorld;
        lock (_lock)
        {
            value = _value;
            fromWorld = _storeEvent && stored is not null;
        }
        if (stored is not null && stored == value)
        {
            Send(value);
            return true;
        }
        var wanted = fromWorld ? stored! : value;
        if (fromWorld) Context.Changes.Set("value", value, wanted);
        else Context.Changes.Set(key, stored, wanted);
        if (!apply)
        {
            Send(value);
            return false;
        }
        if (fromWorld)
        {
            lock (_lock)
            {
                _value = wanted;
                _storeEvent = false;
            }
        }
        else
        {
            await world.SetStringAsync(key, wanted, cancel).ConfigureAwait(false);
        }
        Send(wanted);
        return false;
    }

    private void Send(string value)
    {
        lock (_lock) _sent = value;
        Context.Send(new Dictionary<string, EngineValue> { ["value"] = EngineValue.Str(value) });
    }
}
