using Grpc.Net.Client.Balancer;

namespace Mgmt.World.Etcd;

/// <summary>
/// The list of etcd client endpoints a channel balances over, and changes as the cluster's members change: the
/// store starts it with the seeds, then replaces it with the client URLs of the voting members it reads from the
/// member list, so the client never keeps a stale endpoint list and moves to any live member by itself.
/// </summary>
internal sealed class MemberEndpointResolver : Resolver
{
    private readonly Lock _gate = new();
    private Action<ResolverResult>? _listener;
    private IReadOnlyList<BalancerAddress> _addresses;

    public MemberEndpointResolver(IReadOnlyList<string> endpoints)
    {
        _addresses = ToAddresses(endpoints);
        Endpoints = endpoints;
    }

    /// <summary>The endpoints in use now.</summary>
    public IReadOnlyList<string> Endpoints { get; private set; }

    public override void Start(Action<ResolverResult> listener)
    {
        IReadOnlyList<BalancerAddress> addresses;
        lock (_gate)
        {
            _listener = listener;
            addresses = _addresses;
        }
        listener(ResolverResult.ForResult(addresses));
    }

    /// <summary>Replaces the endpoints; returns false when they are the same as before.</summary>
    public bool Update(IReadOnlyList<string> endpoints)
    {
        Action<ResolverResult>? listener;
        IReadOnlyList<BalancerAddress> addresses;
        lock (_gate)
        {
            if (endpoints.Count == 0 || endpoints.Order(StringComparer.Ordinal).SequenceEqual(Endpoints.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                return false;
            }
            _addresses = addresses = ToAddresses(endpoints);
            Endpoints = endpoints;
            listener = _listener;
        }
        listener?.Invoke(ResolverResult.ForResult(addresses));
        return true;
    }

    private static List<BalancerAddress> ToAddresses(IReadOnlyList<string> endpoints) =>
        [.. endpoints.Select(e => new Uri(e)).Select(u => new BalancerAddress(u.Host, u.Port))];

    /// <summary>Hands the one resolver to the channel that asks for the <see cref="Scheme"/> scheme.</summary>
    internal sealed class Factory(MemberEndpointResolver resolver) : ResolverFactory, IServiceProvider
    {
        public const string Scheme = "mgmt-members";

        public override string Name => Scheme;

        public override Resolver Create(ResolverOptions options) => resolver;

        /// <summary>The channel finds its resolver factory through a service provider: this is the smallest one.</summary>
        /// <remarks>The channel asks for every registered factory (an enumerable) or for one.</remarks>
        public object? GetService(Type serviceType) =>
            serviceType == typeof(ResolverFactory) ? this
            : serviceType == typeof(IEnumerable<ResolverFactory>) ? new ResolverFactory[] { this }
            : null;
    }
}
