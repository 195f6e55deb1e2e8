using Mgmt.World.Core;
using Mgmt.World.Store;
using Mgmt.World.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.World.Etcd;

/// <summary>Settings of one agent's part in a cluster's per-host permissions.</summary>
public sealed record ClusterAccessOptions
{
    public required string Hostname { get; init; }

    public string Cluster { get; init; } = "default";

    /// <summary>Client URLs of the cluster.</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>The host's own certificate (its etcd user).</summary>
    public required EtcdTls Tls { get; init; }

    /// <summary>The registrar's certificate (<c>--tls-registrar-cert/--tls-registrar-key</c>), or null: then the host enrols.</summary>
    public EtcdTls? Registrar { get; init; }

    /// <summary>True for the agent that starts a new cluster: it creates the users and roles and turns authentication on.</summary>
    public bool Bootstrap { get; init; }

    /// <summary>The lease of an enrol request (the agent's session TTL).</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a gone host keeps its user and role (the registrar's grace period).</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(5);

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// One agent's part in the per-host permissions of a TLS cluster (docs/security.md): before the agent's world
/// connects, it makes sure the host has its etcd user (the first agent creates every user and role and turns etcd's
/// authentication on; an agent with the registrar's certificate registers itself; any other enrols and waits for a
/// registrar). With the registrar's certificate it then runs the registrar and lends its root client to the
/// cluster's own operations (adding and removing members need root).
/// </summary>
public sealed class ClusterAccess : IAsyncDisposable
{
    private readonly EtcdRegistrar? _registrar;

    private ClusterAccess(EtcdKeyValueStore? registrarStore, EtcdRegistrar? registrar)
    {
        RegistrarStore = registrarStore;
        _registrar = registrar;
    }

    /// <summary>True when this agent may add and remove etcd members (it holds the registrar's certificate).</summary>
    public bool MayManageMembers => RegistrarStore is not null;

    /// <summary>A client with the registrar's certificate (root), or null for an agent without it.</summary>
    public EtcdKeyValueStore? RegistrarStore { get; }

    /// <summary>Makes sure the host may use the cluster (waiting for a registrar when it must), and starts the registrar when this agent is one.</summary>
    public static async Task<ClusterAccess> PrepareAsync(ClusterAccessOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new KeyLayout(options.Cluster);
        if (options.Registrar is not { } registrarTls)
        {
            if (options.Bootstrap)
            {
                throw new WorldException("a new TLS cluster needs the registrar's certificate to set up per-host permissions: "
                    + "give this agent --tls-registrar-cert and --tls-registrar-key (mgmt tls issue --ca DIR --registrar NAME makes them), "
                    + "or --tls-no-permissions to run the cluster without per-host permissions (every host's certificate may then write every key)");
            }
            await using var own = new EtcdKeyValueStore(options.Endpoints, tls: options.Tls);
            await EtcdEnrolment.EnsureRegisteredAsync(own, layout, options.Hostname, options.LeaseTtl, options.Logger, options.Time, cancellationToken).ConfigureAwait(false);
            AccessLog.ClientOnly(options.Logger, options.Hostname);
            return new ClusterAccess(null, null);
        }
        if (registrarTls.CommonName != ClusterPermissions.RegistrarUser)
        {
            throw new WorldException(
                $"--tls-registrar-cert: the certificate is for \"{registrarTls.CommonName}\", not the registrar (\"{ClusterPermissions.RegistrarUser}\"): make one with mgmt tls issue --ca DIR --registrar NAME");
        }
        var store = new EtcdKeyValueStore(options.Endpoints, tls: registrarTls);
        try
        {
            var access = new EtcdAccess(store.Client, layout, TimeSpan.FromSeconds(3));
            await RetryAsync(options, options.Bootstrap ? "setting up per-host permissions" : "registering this host", ct => options.Bootstrap
                ? access.BootstrapAsync(options.Hostname, options.Tls.Authority, ct)
                : access.RegisterHostAsync(options.Hostname, ct), cancellationToken).ConfigureAwait(false);
            if (options.Bootstrap) AccessLog.Enabled(options.Logger);
            var registrar = EtcdRegistrar.Start(store, layout, new RegistrarOptions
            {
                Grace = options.Grace,
                Keep = new HashSet<string>(StringComparer.Ordinal) { options.Hostname },
                Logger = options.Logger,
                Time = options.Time,
            });
            return new ClusterAccess(store, registrar);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Retries through a cluster that is still starting (its first member may not serve yet) for up to 30 s.</summary>
    private static async Task RetryAsync(ClusterAccessOptions options, string what, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        var deadline = options.Time.GetUtcNow() + TimeSpan.FromSeconds(30);
        var backoff = Backoff.Default();
        while (true)
        {
            try
            {
                await step(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StoreUnavailableException e) when (options.Time.GetUtcNow() < deadline)
            {
                AccessLog.Retrying(options.Logger, what, e.Message);
                await Task.Delay(backoff.Next(), options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException e)
            {
                throw new WorldUnavailableException($"{what}: etcd did not answer within 30 s ({e.Message})", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_registrar is not null) await _registrar.DisposeAsync().ConfigureAwait(false);
        if (RegistrarStore is not null) await RegistrarStore.DisposeAsync().ConfigureAwait(false);
    }
}
