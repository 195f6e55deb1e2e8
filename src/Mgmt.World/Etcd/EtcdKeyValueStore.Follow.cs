namespace Mgmt.World.Etcd;

public sealed partial class EtcdKeyValueStore
{
    /// <summary>How often the member list is read to follow the cluster's members.</summary>
    public static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Keeps <see cref="Endpoints"/> equal to the client URLs of the cluster's started voting members (learners
    /// refuse most calls), reading the member list every <see cref="FollowInterval"/> until cancelled. A failed read
    /// keeps the endpoints it has: one of them answers again, or a reconnecting member brings the list back.
    /// </summary>
    public async Task FollowMembersAsync(Action<IReadOnlyList<string>>? changed, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var members = await Members.ListAsync(cancellationToken).ConfigureAwait(false);
                var urls = members.Where(m => !m.IsLearner && m.Name.Length > 0).SelectMany(m => m.ClientUrls).Distinct(StringComparer.Ordinal).ToList();
                if (urls.Count > 0 && _resolver.Update(urls))
                {
                    changed?.Invoke(urls);
                }
                await Task.Delay(FollowInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Store.StoreUnavailableException or WorldException)
            {
                await Task.Delay(FollowInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Balances over <paramref name="endpoints"/> from now on (a second client that follows the world's).</summary>
    internal void UseEndpoints(IReadOnlyList<string> endpoints) => _resolver.Update(endpoints);
}
