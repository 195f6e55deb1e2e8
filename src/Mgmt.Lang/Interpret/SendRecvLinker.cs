using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Interpret;

/// <summary>
/// Adds the send/recv bindings of a program to its graph, checking each: the sender runs (is not hidden) and
/// sends the key, the receiver has the parameter with the same type, and a parameter receives from one sender.
/// </summary>
internal static class SendRecvLinker
{
    public static void Link(
        ResourceGraph graph, IReadOnlyList<SendRecvOutput> links, Func<string, string, SourceSpan, List<Resource>> lookup)
    {
        var receiving = new Dictionary<(Resource, string), (Resource Sender, string Key)>(new ReceiverComparer());
        foreach (var link in links)
        {
            foreach (var sender in lookup(link.FromKind, link.FromName, link.Span))
            {
                foreach (var receiver in lookup(link.ToKind, link.ToName, link.Span))
                {
                    Check(sender, receiver, link);
                    var key = (receiver, link.Param);
                    if (receiving.TryGetValue(key, out var existing))
                    {
                        if (ReferenceEquals(existing.Sender, sender) && existing.Key == link.Key) continue;
                        throw new LangException(Phase.Interpret,
                            $"{receiver}.{link.Param} receives from both {existing.Sender}.{existing.Key} and {sender}.{link.Key}; a parameter can receive from one sender only",
                            link.Span);
                    }
                    receiving[key] = (sender, link.Key);
                    graph.Bindings.Add(new SendRecvBinding(sender, link.Key, receiver, link.Param));
                }
            }
        }
    }

    private static void Check(Resource sender, Resource receiver, SendRecvOutput link)
    {
        string? problem = null;
        var sent = sender.Descriptor.Sends.FirstOrDefault(s => s.Name == link.Key);
        var param = receiver.Descriptor.FindParam(link.Param);
        if (sender.Meta.Hidden) problem = $"{sender} is hidden (Meta:hidden), and hidden resources never run, so it cannot send";
        else if (sender is not ISendable || sent is null) problem = $"{sender} does not send a value named `{link.Key}`";
        else if (receiver is not IReceivable) problem = $"resources of kind `{receiver.Kind}` cannot receive values";
        else if (param is null) problem = $"{receiver} has no parameter `{link.Param}`";
        else if (!param.Type.Equals(sent.Type) && param.Type != DataType.Variant && sent.Type != DataType.Variant)
        {
            problem = $"{sender}.{link.Key} is a {sent.Type} but {receiver}.{link.Param} is a {param.Type}";
        }
        if (problem is not null) throw new LangException(Phase.Interpret, $"cannot send {sender}.{link.Key} to {receiver}.{link.Param}: {problem}", link.Span);
    }

    private sealed class ReceiverComparer : IEqualityComparer<(Resource Resource, string Param)>
    {
        public bool Equals((Resource Resource, string Param) x, (Resource Resource, string Param) y) =>
            ReferenceEquals(x.Resource, y.Resource) && x.Param == y.Param;

        public int GetHashCode((Resource Resource, string Param) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Resource), obj.Param);
    }
}
