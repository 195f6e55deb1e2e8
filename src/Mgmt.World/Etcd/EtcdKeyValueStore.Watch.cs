using System.Runtime.CompilerServices;
using Etcdserverpb;
using Grpc.Core;
using Mgmt.World.Store;

namespace Mgmt.World.Etcd;

public sealed partial class EtcdKeyValueStore
{
    public async IAsyncEnumerable<StoreChangeBatch> WatchAsync(
        string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // etcd's "require leader" header: a member that loses its leader cancels the watch, and we reconnect
        // (possibly to another member) from the last revision we saw.
        var headers = new Metadata { { "hasleader", "true" } };
        using var call = _client.GetConnection().WatchClient.Watch(headers, cancellationToken: cancellationToken);
        var create = new WatchCreateRequest
        {
            Key = Bytes(prefix),
            RangeEnd = PrefixEnd(prefix),
            StartRevision = fromRevision,
            ProgressNotify = true,
        };
        await Guard(() => call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, cancellationToken), cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var more = await Guard(() => call.ResponseStream.MoveNext(cancellationToken), cancellationToken).ConfigureAwait(false);
            if (!more)
            {
                throw new StoreUnavailableException("etcd ended the watch stream");
            }
            var response = call.ResponseStream.Current;
            if (response.CompactRevision != 0)
            {
                throw new StoreCompactedException(response.CompactRevision);
            }
            if (response.Canceled)
            {
                throw new StoreUnavailableException($"etcd cancelled the watch: {(string.IsNullOrEmpty(response.CancelReason) ? "no reason given" : response.CancelReason)}");
            }
            if (response.Created && response.Events.Count == 0)
            {
                continue; // the header revision of a creation does not mean older events were sent
            }
            var changes = response.Events.Select(ToChange).ToList();
            var revision = changes.Count > 0 ? changes.Max(c => c.Revision) : response.Header.Revision;
            yield return new StoreChangeBatch(changes, revision);
        }
    }

    private static StoreChange ToChange(Mvccpb.Event e)
    {
        var key = e.Kv.Key.ToStringUtf8();
        return e.Type == Mvccpb.Event.Types.EventType.Delete
            ? new StoreChange(key, null, e.Kv.ModRevision)
            : new StoreChange(key, ToEntry(e.Kv), e.Kv.ModRevision);
    }

    private static async Task<T> Guard<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Translate(e, 0, cancellationToken);
        }
        catch (IOException e)
        {
            throw new StoreUnavailableException($"etcd connection broke: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException("etcd ended the watch", e);
        }
    }

    private static async Task Guard(Func<Task> step, CancellationToken cancellationToken) =>
        await Guard(async () =>
        {
            await step().ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
}
