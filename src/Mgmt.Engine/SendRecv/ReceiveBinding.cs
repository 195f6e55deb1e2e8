using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;

namespace Mgmt.Engine.SendRecv;

/// <summary>One send/recv binding of the running graph: where the value comes from and which parameter it sets.</summary>
internal sealed class ReceiveBinding(ResourceContext sender, string key, ResourceContext receiver, ParamInfo param)
{
    public ResourceContext Sender { get; } = sender;
    public string Key { get; } = key;
    public ResourceContext Receiver { get; } = receiver;
    public ParamInfo Param { get; } = param;

    /// <summary>
    /// Copies the latest sent values into their receivers' parameters and fills each receiver's
    /// <see cref="IResourceContext.Received"/>. Returns true when any value changed; receivers that got a changed
    /// value are validated again, and a validation failure is thrown as a <see cref="ResourceFailureException"/>.
    /// </summary>
    public static bool Apply(ReceiveBinding[] bindings)
    {
        if (bindings.Length == 0) return false;
        var anyChanged = false;
        foreach (var byReceiver in bindings.GroupBy(b => b.Receiver))
        {
            var receiver = byReceiver.Key;
            var received = new Dictionary<string, ReceivedValue>(StringComparer.Ordinal);
            var changed = false;
            foreach (var b in byReceiver)
            {
                if (!b.Sender.TryGetSent(b.Key, out var value)) continue; // nothing sent yet: keep the graph's value
                var isNew = receiver.DiffersFromApplied(b.Param.Name, value, b.Param.Get(receiver.Resource));
                try
                {
                    b.Param.Set(receiver.Resource, value);
                }
                catch (ParamValueException e)
                {
                    throw new ResourceFailureException(receiver.Resource, $"could not receive {b.Sender.Resource}.{b.Key}: {e.Message}", e);
                }
                received[b.Param.Name] = new ReceivedValue(value, isNew);
                changed |= isNew;
            }
            receiver.SetReceived(received);
            if (!changed) continue;
            anyChanged = true;
            if (receiver.Resource.Meta.Hidden) continue;
            try
            {
                receiver.Resource.Validate();
            }
            catch (Exception e)
            {
                throw ResourceFailureException.From(receiver.Resource, "validation after receiving values", e);
            }
        }
        return anyChanged;
    }
}
