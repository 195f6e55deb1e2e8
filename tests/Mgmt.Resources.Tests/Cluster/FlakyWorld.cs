using Mgmt.World;

namespace Mgmt.Resources.Tests.Cluster;

/// <summary>A world whose writes fail as if the store were unreachable, a given number of times; reads and watches pass.</summary>
public sealed class FlakyWorld(IWorld inner) : IWorld
{
    private int _failures;

    /// <summary>How many of the next writes fail with <see cref="WorldUnavailableException"/>.</summary>
    public int FailNext
    {
        get => Volatile.Read(ref _failures);
        set => Volatile.Write(ref _failures, value);
    }

    public string Hostname => inner.Hostname;

    private Task<T> Write<T>(Func<Task<T>> call) =>
        Interlocked.Decrement(ref _failures) >= 0
            ? Task.FromException<T>(new WorldUnavailableException("the store did not answer (test outage)."))
            : call();

    public Task<string?> GetStringAsync(string key, CancellationToken ct) => inner.GetStringAsync(key, ct);
    public Task<bool> SetStringAsync(string key, string value, CancellationToken ct) => Write(() => inner.SetStringAsync(key, value, ct));
    public Task<bool> DeleteStringAsync(string key, CancellationToken ct) => Write(() => inner.DeleteStringAsync(key, ct));
    public IAsyncEnumerable<string?> WatchStringAsync(string key, CancellationToken ct) => inner.WatchStringAsync(key, ct);
    public Task<IReadOnlyDictionary<string, string>> GetMapAsync(string key, CancellationToken ct) => inner.GetMapAsync(key, ct);
    public Task<bool> SetMapValueAsync(string key, string value, CancellationToken ct) => Write(() => inner.SetMapValueAsync(key, value, ct));
    public Task<bool> DeleteMapValueAsync(string key, CancellationToken ct) => Write(() => inner.DeleteMapValueAsync(key, ct));
    public IAsyncEnumerable<IReadOnlyDictionary<string, string>> WatchMapAsync(string key, CancellationToken ct) => inner.WatchMapAsync(key, ct);
    public Task<bool> ExportAsync(IEnumerable<ExportedResource> resources, CancellationToken ct) => Write(() => inner.ExportAsync(resources, ct));
    public Task<bool> WithdrawExportsAsync(IEnumerable<ExportKey> keys, CancellationToken ct) => Write(() => inner.WithdrawExportsAsync(keys, ct));
    public Task<IReadOnlyList<ExportedResource>> CollectAsync(ExportFilter filter, CancellationToken ct) => inner.CollectAsync(filter, ct);
    public IAsyncEnumerable<IReadOnlyList<ExportedResource>> WatchCollectAsync(ExportFilter filter, CancellationToken ct) => inner.WatchCollectAsync(filter, ct);
    public Task<bool> JoinScheduleAsync(string ns, ScheduleOptions options, CancellationToken ct) => Write(() => inner.JoinScheduleAsync(ns, options, ct));
    public Task<bool> WithdrawScheduleAsync(string ns, CancellationToken ct) => Write(() => inner.WithdrawScheduleAsync(ns, ct));
    public Task LeaveScheduleAsync(string ns, CancellationToken ct) => inner.LeaveScheduleAsync(ns, ct);
    public Task<ScheduleState> GetScheduleAsync(string ns, CancellationToken ct) => inner.GetScheduleAsync(ns, ct);
    public IAsyncEnumerable<IReadOnlyList<string>> WatchScheduleAsync(string ns, CancellationToken ct) => inner.WatchScheduleAsync(ns, ct);
    public Task<IReadOnlyList<HostInfo>> GetHostsAsync(CancellationToken ct) => inner.GetHostsAsync(ct);
    public IAsyncEnumerable<IReadOnlyList<HostInfo>> WatchHostsAsync(CancellationToken ct) => inner.WatchHostsAsync(ct);
    public Task<bool> PublishStatusAsync(HostStatus status, CancellationToken ct) => Write(() => inner.PublishStatusAsync(status, ct));
    public Task<int> GetIdealClusterSizeAsync(CancellationToken ct) => inner.GetIdealClusterSizeAsync(ct);
    public Task<bool> SetIdealClusterSizeAsync(int size, CancellationToken ct) => Write(() => inner.SetIdealClusterSizeAsync(size, ct));
    public IAsyncEnumerable<int> WatchIdealClusterSizeAsync(CancellationToken ct) => inner.WatchIdealClusterSizeAsync(ct);
    public Task<ClusterStatus> GetClusterStatusAsync(CancellationToken ct) => inner.GetClusterStatusAsync(ct);
    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the inner world belongs to the test
}
