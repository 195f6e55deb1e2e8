using Mgmt.World;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// The exported resources a YAML graph collects, as they change: the world's collect watch, started on first need,
/// read one snapshot at a time. Without a world it never yields.
/// </summary>
internal sealed class ExportFeed(IExportWorld? world) : IAsyncDisposable
{
    private IAsyncEnumerator<IReadOnlyList<ExportedResource>>? _watch;
    private Task<IReadOnlyList<ExportedResource>?>? _pending;
    private readonly TaskCompletionSource<IReadOnlyList<ExportedResource>?> _never = new(); // what waits without a world

    /// <summary>Starts following the world (once; later calls do nothing).</summary>
    public void Start(CancellationToken cancel)
    {
        if (world is null || _watch is not null) return;
        _watch = world.WatchCollectAsync(ExportFilter.All, cancel).GetAsyncEnumerator(cancel);
    }

    /// <summary>The next snapshot (the same task until <see cref="Consumed"/>); never completes without a started watch.</summary>
    public Task<IReadOnlyList<ExportedResource>?> NextAsync()
    {
        if (_watch is null) return _never.Task;
        return _pending ??= ReadAsync(_watch);
    }

    /// <summary>The snapshot returned by <see cref="NextAsync"/> was used: the next call reads a new one.</summary>
    public void Consumed() => _pending = null;


    private static async Task<IReadOnlyList<ExportedResource>?> ReadAsync(IAsyncEnumerator<IReadOnlyList<ExportedResource>> watch) =>
        await watch.MoveNextAsync().ConfigureAwait(false) ? watch.Current : null;

    public async ValueTask DisposeAsync()
    {
        if (_watch is null) return;
        try
        {
            await _watch.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or OperationCanceledException)
        {
            // A watch still reading when the front end stops: it ends with the agent's token.
        }
    }
}
