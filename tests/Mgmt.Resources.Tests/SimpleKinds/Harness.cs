using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.SimpleKinds;

/// <summary>Starts a resource the way the engine does: Validate, Init, then Watch in the background.</summary>
internal sealed class Harness<T> : IAsyncDisposable where T : Resource
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _watch;

    public Harness(T resource, FakeContext? context = null)
    {
        Resource = resource;
        Context = context ?? new FakeContext();
    }

    public T Resource { get; }

    public FakeContext Context { get; }

    public async Task StartAsync(bool watch = true)
    {
        Resource.Validate();
        await Resource.InitAsync(Context);
        if (watch) _watch = Task.Run(() => Resource.WatchAsync(_stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (watch && !Context.IsRunning && DateTime.UtcNow < deadline) await Task.Delay(5);
    }

    public Task<bool> CheckApplyAsync(bool apply = true) => Resource.CheckApplyAsync(apply, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_watch is not null) await _watch;
        await Resource.CleanupAsync();
        Context.Dispose();
        _stop.Dispose();
    }
}
