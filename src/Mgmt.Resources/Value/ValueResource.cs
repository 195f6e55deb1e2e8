using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>value</c>: holds one value of any type. It publishes the value to this host's local value store under
/// its own name (where the language's <c>value.get</c> functions read it) and sends it as <c>any</c> for
/// send/recv. A value received on <c>any</c> replaces the declared one for the life of the resource.
/// </summary>
/// <remarks>
/// The check is fine when the store already holds the value and nothing new was received. Applying writes
/// the value into the store (or removes the key when there is no value) and sends it; sending happens on
/// every applied run, so that receivers always find a value to copy.
/// </remarks>
[ResourceKind("value")]
[Sends("any", "variant")]
public sealed class ValueResource : Resource, ISendable, IReceivable
{
    private Value? _current;
    private bool _received;

    /// <summary>The value to hold; unset means "no value" (the store's key is removed).</summary>
    [Param("any", Type = "variant")]
    public Value? Any { get; set; }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        // Take a received value first: if this run fails, the change must not be lost for the next one.
        var receivedNow = false;
        if (Context.Received.TryGetValue("any", out var received) && received.Changed)
        {
            ValueLog.Received(Context.Logger, received.Value.ToString());
            _received = true;
            receivedNow = true;
            _current = Any;
        }
        if (!_received) _current = Any;

        var stored = Context.Local.TryGet(Name, out var inStore) ? inStore : null;
        var different = _current is null ? stored is not null : !_current.Equals(stored);
        var checkOk = !different && !receivedNow;
        if (different) Context.Changes.Set("any", stored?.ToString(), _current?.ToString());
        if (!apply) return Task.FromResult(checkOk);

        if (different)
        {
            if (_current is null) Context.Local.Remove(Name);
            else Context.Local.Set(Name, _current);
        }
        if (_current is not null) Context.Send(new Dictionary<string, Value> { ["any"] = _current });
        return Task.FromResult(checkOk);
    }
}

internal static partial class ValueLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "received a new value: {Value}")]
    public static partial void Received(ILogger logger, string value);
}
