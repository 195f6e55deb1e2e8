using Mgmt.Platform.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mgmt.Platform.Packages;

/// <summary>
/// Runs apt for package resources: <c>apt-cache policy</c> queries (batched: one process for any number of
/// packages) and transactions with <c>apt-get</c>, always non-interactive, in English, keeping changed
/// configuration files as the admin left them, and waiting for dpkg's lock rather than failing on it.
/// Transactions of one client run one at a time. A transaction that has started is never interrupted (a killed
/// dpkg is what leaves a system half-configured): cancellation only stops queries and simulations.
/// </summary>
public sealed class AptClient
{
    private static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["LC_ALL"] = "C",
        ["DEBIAN_FRONTEND"] = "noninteractive",
        ["APT_LISTCHANGES_FRONTEND"] = "none",
        ["NEEDRESTART_MODE"] = "a",
    };

    private readonly SemaphoreSlim _transactions = new(1, 1);
    private readonly ILogger _logger;
    private readonly Lock _cacheLock = new();
    private readonly Dictionary<string, AptPackagePolicy?> _cache = new(StringComparer.Ordinal);
    private (long, long, long, long) _cacheStamp;
    private int _policyQueries;

    public AptClient(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Seconds apt waits for another package manager to release dpkg's lock before it gives up.</summary>
    public int LockTimeoutSeconds { get; init; } = 300;

    /// <summary>Where apt keeps the package lists; they change when <c>apt-get update</c> runs.</summary>
    public string ListsDirectory { get; init; } = "/var/lib/apt/lists";

    /// <summary>
    /// Extra apt configuration given to every apt command as <c>-o</c> options (such as <c>Dir::Etc::SourceList=...</c>
    /// to use other repositories). Set <see cref="ListsDirectory"/> to match when the lists move.
    /// </summary>
    public IReadOnlyList<string> ConfigOptions { get; init; } = [];

    /// <summary>dpkg's status file; its changes change what is installed, so they invalidate cached answers.</summary>
    public string StatusPath { get; init; } = DpkgDatabase.DefaultAdminDirectory + "/status";

    /// <summary>How many times apt-cache actually ran for <see cref="PolicyAsync"/> (for diagnostics and tests).</summary>
    public int PolicyQueryCount => Volatile.Read(ref _policyQueries);

    /// <summary>
    /// What apt knows of each named package. Names apt has never heard of are missing from the result. Answers
    /// are cached until the package lists, dpkg's status or apt's pinning change, so a resource that checks the
    /// same packages again costs a few stats, not a process.
    /// </summary>
    public async Task<Dictionary<string, AptPackagePolicy>> PolicyAsync(IReadOnlyCollection<string> names, CancellationToken cancel)
    {
        var result = new Dictionary<string, AptPackagePolicy>(StringComparer.Ordinal);
        if (names.Count == 0) return result;
        var stamp = CacheStamp();
        var missing = new List<string>();
        lock (_cacheLock)
        {
            if (_cacheStamp != stamp)
            {
                _cache.Clear();
                _cacheStamp = stamp;
            }
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                if (_cache.TryGetValue(name, out var known))
                {
                    if (known is not null) result[name] = known;
                }
                else
                {
                    missing.Add(name);
                }
            }
        }
        if (missing.Count == 0) return result;

        Interlocked.Increment(ref _policyQueries);
        var run = await RunAsync("apt-cache", [.. Config(), "policy", "--", .. missing], cancel).ConfigureAwait(false);
        if (!run.Succeeded) throw Failure("apt-cache policy", run);
        var fresh = AptPolicyParser.ParsePackages(run.Stdout);
        lock (_cacheLock)
        {
            foreach (var name in missing)
            {
                var policy = fresh.GetValueOrDefault(name);
                if (_cacheStamp == stamp) _cache[name] = policy;
                if (policy is not null) result[name] = policy;
            }
        }
        return result;
    }

    // What apt's answers depend on: the installed packages, the downloaded lists and the pinning.
    private (long, long, long, long) CacheStamp() =>
        (ChangeTime(StatusPath), ChangeTime(ListsDirectory), ChangeTime("/etc/apt/preferences"), ChangeTime("/etc/apt/preferences.d"));

    private static long ChangeTime(string path) => Files.Posix.TryStat(path) is { } s ? s.ChangedNs ^ (long)s.Inode : 0;

    /// <summary>The release (vendor, component) of every package list apt uses, by the location apt prints.</summary>
    public async Task<Dictionary<string, AptRelease>> ReleasesAsync(CancellationToken cancel)
    {
        var result = await RunAsync("apt-cache", [.. Config(), "policy"], cancel).ConfigureAwait(false);
        if (!result.Succeeded) throw Failure("apt-cache policy", result);
        return AptPolicyParser.ParseReleases(result.Stdout);
    }

    /// <summary>
    /// Asks apt what the transaction would do, without doing it. Throws <see cref="AptTransactionException"/> when
    /// apt refuses (unknown package, missing version, unmet dependencies...).
    /// </summary>
    public async Task<List<AptAction>> SimulateAsync(AptRequest request, CancellationToken cancel)
    {
        var result = await RunAsync("apt-get", [.. Options(request), "--simulate", "install", "--", .. request.Changes.Select(c => c.Argument)], cancel)
            .ConfigureAwait(false);
        if (!result.Succeeded) throw TransactionFailure("apt cannot plan the change", result);
        return AptPlanParser.Parse(result.Stdout);
    }

    /// <summary>
    /// Runs the transaction. Throws <see cref="AptTransactionException"/> naming the failing packages and why.
    /// </summary>
    public async Task ApplyAsync(AptRequest request, CancellationToken cancel)
    {
        await _transactions.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var args = new List<string>(Options(request)) { "install", "--" };
            args.AddRange(request.Changes.Select(c => c.Argument));
            AptLog.Transaction(_logger, string.Join(' ', request.Changes.Select(c => c.Argument)));
            // Deliberately not cancellable: see the class remarks.
            var result = await RunAsync("apt-get", args, CancellationToken.None).ConfigureAwait(false);
            if (!result.Succeeded) throw TransactionFailure("the apt transaction failed", result);
        }
        finally
        {
            _transactions.Release();
        }
    }

    // apt's download sandbox user cannot read private directories; mgmt runs apt as root anyway.
    private IEnumerable<string> Config() => ConfigOptions.Prepend("APT::Sandbox::User=root").SelectMany(o => new[] { "-o", o });

    private IEnumerable<string> Options(AptRequest request)
    {
        foreach (var option in Config()) yield return option;
        yield return "-q";
        yield return "-y";
        yield return "-o";
        yield return $"DPkg::Lock::Timeout={LockTimeoutSeconds}";
        yield return "-o";
        yield return "Dpkg::Options::=--force-confdef";
        yield return "-o";
        yield return "Dpkg::Options::=--force-confold";
        yield return "-o";
        yield return "APT::Get::Show-User-Simulation-Note=false";
        if (request.AllowDowngrades) yield return "--allow-downgrades";
        if (request.AllowUnauthenticated) yield return "--allow-unauthenticated";
    }

    private static async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> args, CancellationToken cancel)
    {
        var spec = new ProcessSpec
        {
            Name = program,
            Command = program,
            Args = args,
            Environment = Environment,
            CancelGrace = TimeSpan.FromSeconds(10),
        };
        try
        {
            return await ProcessRunner.RunAsync(spec, cancel).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            throw new IOException($"cannot run {program}: {e.Message}; package resources need apt (a Debian system)", e);
        }
    }

    private static IOException Failure(string what, ProcessResult result) =>
        new($"{what} failed (exit status {result.ExitCode}): {result.Tail()}");

    private static AptTransactionException TransactionFailure(string what, ProcessResult result)
    {
        var problems = AptProblemParser.Parse(result.Output);
        var tail = result.Tail(8);
        var message = problems.Count == 0
            ? $"{what} (exit status {result.ExitCode}): {tail}"
            : $"{what}: {string.Join("; ", problems)}";
        return new AptTransactionException(message, problems, tail);
    }
}

internal static partial class AptLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "apt-get install {Arguments}")]
    public static partial void Transaction(ILogger logger, string arguments);
}
