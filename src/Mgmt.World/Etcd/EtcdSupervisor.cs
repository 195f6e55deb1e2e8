using System.Diagnostics;
using Mgmt.World.Core;

namespace Mgmt.World.Etcd;

/// <summary>
/// Runs this agent's etcd member as a child process and owns it: checks its data directory and ports before
/// starting, starts a new cluster or joins one (member add, then <c>--initial-cluster-state existing</c>), waits
/// until it is healthy, restarts it with backoff when it dies, stops it on shutdown (SIGTERM, then SIGKILL),
/// and ties it to the agent's life so that it never outlives a killed agent.
/// </summary>
public sealed partial class EtcdSupervisor : IAsyncDisposable
{
    private readonly EtcdMemberOptions _options;
    private readonly ChildProcessLauncher _launcher = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly EtcdOutputTail _output = new(40);
    private readonly HttpClient _http;
    private Process? _process;
    private Task _monitor = Task.CompletedTask;
    private string _initialCluster = "";
    private int _restarts;
    private int _disposed;

    private EtcdSupervisor(EtcdMemberOptions options)
    {
        _options = options;
        // The health check shows the host's certificate too: a member with --client-cert-auth accepts no one without.
        _http = options.Tls is { } tls ? new HttpClient(tls.HttpHandler()) : new HttpClient();
        _http.Timeout = TimeSpan.FromSeconds(1);
    }

    /// <summary>The URLs clients reach this member on.</summary>
    public IReadOnlyList<string> ClientUrls => _options.EffectiveAdvertiseClientUrls;

    /// <summary>The etcd process id now (it changes after a restart); null while it is down.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>How many times the member was restarted after it died.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>This member's id in the cluster, when known (after a join, or read back from its data directory).</summary>
    public ulong? MemberId { get; private set; }

    /// <summary>The member's name (the agent's hostname).</summary>
    public string Name => _options.Name;

    /// <summary>Starts (or joins with) the member and returns once it is healthy.</summary>
    /// <exception cref="EtcdMemberException">with what went wrong and what to do.</exception>
    public static Task<EtcdSupervisor> StartAsync(EtcdMemberOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, null, cancellationToken);

    /// <summary>
    /// Starts the member and returns once it is healthy. With <paramref name="cluster"/> (or
    /// <see cref="EtcdMemberOptions.JoinEndpoints"/>) it joins that cluster: added as a learner, started with the
    /// cluster's state, then promoted to a voter once it caught up; without, it starts a new one-member cluster. A
    /// data directory of this very member is restarted from (when the cluster still lists it).
    /// </summary>
    /// <exception cref="EtcdMemberException">with what went wrong and what to do.</exception>
    public static async Task<EtcdSupervisor> StartAsync(EtcdMemberOptions options, EtcdKeyValueStore? cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!File.Exists(options.EtcdPath))
        {
            throw new EtcdMemberException(
                $"etcd is not installed ({options.EtcdPath} is missing): install it (apt-get install etcd-server), "
                + "or use --seeds to join an existing cluster as a client only.");
        }
        var supervisor = new EtcdSupervisor(options);
        try
        {
            if (cluster is null && options.JoinEndpoints.Count > 0)
            {
                await using var seeds = new EtcdKeyValueStore(options.JoinEndpoints, tls: options.Tls);
                await supervisor.StartFirstAsync(seeds, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await supervisor.StartFirstAsync(cluster, cancellationToken).ConfigureAwait(false);
            }
            return supervisor;
        }
        catch (WorldUnavailableException e)
        {
            await supervisor.DisposeAsync().ConfigureAwait(false);
            throw new EtcdMemberException(
                $"could not join the etcd cluster: {e.InnerException?.Message ?? e.Message}. Check --seeds and that a majority of that cluster's members is up.", e);
        }
        catch
        {
            await supervisor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Checks that this agent could run a member with these options (etcd installed, ports free, a data
    /// directory that is not another member's), without starting anything; throws <see cref="EtcdMemberException"/>.</summary>
    public static void CheckCanRun(EtcdMemberOptions options)
    {
        options.Validate();
        if (!File.Exists(options.EtcdPath))
        {
            throw new EtcdMemberException(
                $"etcd is not installed ({options.EtcdPath} is missing): install it (apt-get install etcd-server), or start this agent with --no-server to stay a client.");
        }
        EtcdDataDirectory.CheckOwnership(options.DataDirectory, options.Name, options.ClusterToken, options.ReplaceStaleData);
        foreach (var url in options.ClientUrls) PortProbe.EnsureFree(url, "--client-urls");
        foreach (var url in options.PeerUrls) PortProbe.EnsureFree(url, "--server-urls");
    }

    private async Task StartFirstAsync(EtcdKeyValueStore? cluster, CancellationToken cancellationToken)
    {
        var log = _options.Logger;
        if (!ChildProcessLauncher.CanTieToParent)
        {
            WorldLog.Problem(log, "setpriv (util-linux) is missing: the etcd member is stopped on a clean shutdown but would outlive a killed agent; install util-linux");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_options.DataDirectory))!);
        var state = EtcdDataDirectory.Inspect(_options.DataDirectory, _options.Name, _options.ClusterToken, _options.ReplaceStaleData,
            message => EtcdLog.DataDirectory(log, message));
        foreach (var url in _options.ClientUrls)
        {
            PortProbe.EnsureFree(url, "--client-urls");
        }
        foreach (var url in _options.PeerUrls)
        {
            PortProbe.EnsureFree(url, "--server-urls");
        }

        MemberId = EtcdDataDirectory.ReadMemberId(_options.DataDirectory);
        if (state == EtcdDataDirectory.State.Ours && cluster is not null
            && !await StillMemberAsync(cluster.Members, Calls(cluster), MemberId, cancellationToken).ConfigureAwait(false))
        {
            // The cluster removed this member (its agent was gone for longer than its session): etcd can never start
            // from that data again, and everything in it is in the cluster.
            EtcdLog.DataDirectory(log, $"the cluster no longer lists the member in {_options.DataDirectory}: deleting that data and joining afresh");
            EtcdDataDirectory.Delete(_options.DataDirectory);
            state = EtcdDataDirectory.State.Empty;
            MemberId = null;
        }

        string clusterState;
        ulong addedMember = 0;
        if (state == EtcdDataDirectory.State.Ours)
        {
            clusterState = "existing";
            _initialCluster = OwnInitialCluster();
        }
        else if (cluster is not null)
        {
            (_initialCluster, addedMember) = await AddLearnerAsync(cluster.Members, Calls(cluster), cancellationToken).ConfigureAwait(false);
            EtcdLog.Step(log, _options.Name, $"added as learner {addedMember:x}; starting with {_initialCluster}");
            MemberId = addedMember;
            clusterState = "existing";
        }
        else
        {
            clusterState = "new";
            _initialCluster = OwnInitialCluster();
        }
        EtcdDataDirectory.WriteMarker(_options.DataDirectory, _options.Name, _options.ClusterToken, MemberId);

        try
        {
            _process = await LaunchAsync(clusterState).ConfigureAwait(false);
            await WaitHealthyAsync(_process, cancellationToken).ConfigureAwait(false);
            EtcdLog.Step(log, _options.Name, "healthy");
            if (cluster is not null && MemberId is { } id)
            {
                var self = (await Calls(cluster).RunAsync("list the members", (_, ct) => cluster.Members.ListAsync(ct), cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(m => m.Id == id);
                if (self is { IsLearner: true })
                {
                    await PromoteAsync(cluster.Members, Calls(cluster), id, cancellationToken).ConfigureAwait(false);
                    EtcdLog.Step(log, _options.Name, "promoted to a voter");
                }
            }
        }
        catch when (addedMember != 0)
        {
            await UndoJoinAsync(cluster!.Members, addedMember).ConfigureAwait(false);
            if (_process is { } started)
            {
                await KillAsync(started).ConfigureAwait(false);
            }
            EtcdDataDirectory.Delete(_options.DataDirectory);
            throw;
        }
        if (MemberId is null)
        {
            await RecordOwnMemberIdAsync(cancellationToken).ConfigureAwait(false);
        }
        EtcdLog.Started(log, _options.Name, _process.Id, string.Join(",", ClientUrls), clusterState);
        _monitor = Task.Run(MonitorAsync);
    }

    /// <summary>
    /// Asks the member for its own id and records it next to its data, so that a restart can tell whether the
    /// cluster still lists this member (and restart from its data) or removed it (and join afresh).
    /// </summary>
    private async Task RecordOwnMemberIdAsync(CancellationToken cancellationToken)
    {
        await using var own = new EtcdKeyValueStore(ClientUrls, tls: _options.Tls);
        var list = await Calls(own).RunAsync("read this member's id", (_, ct) => own.Members.ListAsync(ct), cancellationToken).ConfigureAwait(false);
        if (list.FirstOrDefault(m => m.Name == _options.Name) is { } self)
        {
            MemberId = self.Id;
            EtcdDataDirectory.WriteMarker(_options.DataDirectory, _options.Name, _options.ClusterToken, MemberId);
        }
    }

    private string OwnInitialCluster() => string.Join(',', _options.EffectiveAdvertisePeerUrls.Select(u => $"{_options.Name}={u}"));

    private async Task<Process> LaunchAsync(string clusterState)
    {
        string[] args =
        [
            "--name", _options.Name,
            "--data-dir", _options.DataDirectory,
            "--listen-client-urls", string.Join(',', _options.ClientUrls),
            "--advertise-client-urls", string.Join(',', _options.EffectiveAdvertiseClientUrls),
            "--listen-peer-urls", string.Join(',', _options.PeerUrls),
            "--initial-advertise-peer-urls", string.Join(',', _options.EffectiveAdvertisePeerUrls),
            "--initial-cluster", _initialCluster,
            "--initial-cluster-state", clusterState,
            "--initial-cluster-token", _options.ClusterToken,
            .. TlsArguments(_options.Tls),
        ];
        var process = await _launcher.StartAsync(_options.EtcdPath, args).ConfigureAwait(false);
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// With TLS material: the host's certificate serves both clients and peers, and both must show a certificate of
    /// the cluster CA (etcd then takes a client certificate's common name as its user).
    /// </summary>
    private static string[] TlsArguments(EtcdTls? tls) => tls is null ? [] :
    [
        "--cert-file", tls.CertFile,
        "--key-file", tls.KeyFile,
        "--trusted-ca-file", tls.CaFile,
        "--client-cert-auth",
        "--peer-cert-file", tls.CertFile,
        "--peer-key-file", tls.KeyFile,
        "--peer-trusted-ca-file", tls.CaFile,
        "--peer-client-cert-auth",
    ];

    private async Task WaitHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        var deadline = _options.Time.GetUtcNow() + _options.StartTimeout;
        var health = ClientUrls[0].TrimEnd('/') + "/health";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new EtcdMemberException(
                    $"the etcd member \"{_options.Name}\" exited at start-up with code {process.ExitCode}. Its last lines:\n{_output.Text()}\n"
                    + $"Check its data directory ({_options.DataDirectory}), its ports and, when joining, that the --seeds cluster is healthy.");
            }
            try
            {
                var body = await _http.GetStringAsync(health, cancellationToken).ConfigureAwait(false);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            if (_options.Time.GetUtcNow() > deadline)
            {
                await KillAsync(process).ConfigureAwait(false);
                throw new EtcdMemberException(
                    $"the etcd member \"{_options.Name}\" did not become healthy within {_options.StartTimeout.TotalSeconds:0.#} s (checked {health}). Its last lines:\n{_output.Text()}\n"
                    + "A member that joins needs a majority of the cluster's members to be up; a stale data directory or a firewall also cause this.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), _options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Restarts the member whenever it dies, with backoff, until the supervisor stops.</summary>
    private async Task MonitorAsync()
    {
        var token = _stopping.Token;
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        while (!token.IsCancellationRequested)
        {
            var process = _process!;
            var started = _options.Time.GetUtcNow();
            try
            {
                await process.WaitForExitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (_options.Time.GetUtcNow() - started > TimeSpan.FromMinutes(1))
            {
                backoff.Reset();
            }
            var delay = backoff.Next();
            EtcdLog.Died(_options.Logger, _options.Name, process.ExitCode, (long)delay.TotalMilliseconds, _output.LastLine());
            process.Dispose();
            try
            {
                await Task.Delay(delay, _options.Time, token).ConfigureAwait(false);
                // Its data directory now holds the member: it rejoins its cluster from there.
                _process = await LaunchAsync("existing").ConfigureAwait(false);
                Interlocked.Increment(ref _restarts);
                await WaitHealthyAsync(_process, token).ConfigureAwait(false);
                EtcdLog.Restarted(_options.Logger, _options.Name, _process.Id);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                WorldLog.Problem(_options.Logger, $"restarting the etcd member failed: {e.Message}");
            }
        }
    }

    /// <summary>Stops the member: SIGTERM, then SIGKILL after the stop timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await StopMonitorAsync().ConfigureAwait(false);
        await StopProcessAsync().ConfigureAwait(false);
        _launcher.Dispose();
        _http.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Stops restarting the member when it exits (before a stop or a leave).</summary>
    private async Task StopMonitorAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        try
        {
            await _monitor.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task StopProcessAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is not { } process)
        {
            return;
        }
        ChildProcessLauncher.Terminate(process);
        using var grace = new CancellationTokenSource(_options.StopTimeout);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            EtcdLog.KilledAfterTimeout(_options.Logger, _options.Name, _options.StopTimeout.TotalSeconds);
            await KillAsync(process).ConfigureAwait(false);
        }
        process.Dispose();
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
