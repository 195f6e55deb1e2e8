using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Values;

namespace Mgmt.Engine.SendRecv;

/// <summary>
/// Checks a graph's send/recv bindings before it may run: both ends are in the graph, the sender can send and
/// declares the key, the receiver can receive and has the parameter, the types are equal, no parameter receives
/// twice, and hidden resources do not send. Each mistake is a <see cref="GraphException"/> saying what to fix.
/// </summary>
internal static class SendRecvValidator
{
    public static void Validate(IReadOnlyList<SendRecvBinding> bindings, Func<Resource, bool> inGraph)
    {
        var receiving = new HashSet<(Resource, string)>(new ReceiverComparer());
        foreach (var b in bindings)
        {
            var what = $"{b.Sender}.{b.Key} -> {b.Receiver}.{b.Param}";
            if (!inGraph(b.Sender)) throw new GraphException($"{what}: the sender {b.Sender} is not in the graph");
            if (!inGraph(b.Receiver)) throw new GraphException($"{what}: the receiver {b.Receiver} is not in the graph");
            if (ReferenceEquals(b.Sender, b.Receiver)) throw new GraphException($"{what}: a resource cannot send to itself");
            if (b.Sender.Meta.Hidden)
            {
                throw new GraphException($"{what}: {b.Sender} is hidden (Meta:hidden), and hidden resources never run, so they cannot send");
            }
            if (b.Sender is not ISendable)
            {
                throw new GraphException($"{what}: resources of kind '{b.Sender.Kind}' do not send values");
            }
            var sent = b.Sender.Descriptor.Sends.FirstOrDefault(s => s.Name == b.Key)
                ?? throw new GraphException(
                    $"{what}: kind '{b.Sender.Kind}' sends no key '{b.Key}' (it sends: {Keys(b.Sender.Descriptor.Sends)})");
            if (b.Receiver is not IReceivable)
            {
                throw new GraphException($"{what}: resources of kind '{b.Receiver.Kind}' cannot receive values");
            }
            var param = b.Receiver.Descriptor.FindParam(b.Param)
                ?? throw new GraphException($"{what}: kind '{b.Receiver.Kind}' has no parameter '{b.Param}'");
            // A variant on either side is checked when the value flows: the receiver's parameter refuses a value of the
            // wrong type with a clear error then.
            if (!param.Type.Equals(sent.Type) && param.Type != DataType.Variant && sent.Type != DataType.Variant)
            {
                throw new GraphException(
                    $"{what}: the key is of type {sent.Type} but the parameter is of type {param.Type}; the types must be the same");
            }
            if (!receiving.Add((b.Receiver, b.Param)))
            {
                throw new GraphException($"{what}: {b.Receiver}.{b.Param} already receives from another sender; a parameter can have only one");
            }
        }
    }

    private static string Keys(IReadOnlyList<StructField> sends) =>
        sends.Count == 0 ? "nothing" : string.Join(", ", sends.Select(s => s.Name));

    private sealed class ReceiverComparer : IEqualityComparer<(Resource Resource, string Param)>
    {
        public bool Equals((Resource Resource, string Param) x, (Resource Resource, string Param) y) =>
            ReferenceEquals(x.Resource, y.Resource) && x.Param == y.Param;

        public int GetHashCode((Resource Resource, string Param) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Resource), obj.Param);
    }
}
