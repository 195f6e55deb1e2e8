using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.Support;

/// <summary>
/// Runs one resource the way the engine does: Validate, Init, Watch in the background (optional), then
/// CheckApply on demand; disposing stops the watch and calls Cleanup.
/// </summary>
public sealed class ResourceHarness<T> : IAsyncDisposable where T : Resource
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _watch;

    private ResourceHarness(T resource, TestResourceContext context, bool ownsContext)
    {
        Resource = resource;
        Context = context;
        OwnsContext = ownsContext;
    }

    public T Resource { get; }

    public TestResourceContext Context { get; }

    private bool OwnsContext { get; }

    /// <summary>The watch task, to observe its failure.</summary>
    public Task? Watch => _watch;

    /// <summary>Validates and initializes the resource, and starts its watch unless told not to.</summary>
    public static async Task<ResourceHarness<T>> StartAsync(T resource, TestResourceContext? context = null, bool watch = true)
    {
        var harness = new ResourceHarness<T>(resource, context ?? new TestResourceContext(), context is null);
        try
        {
            resource.Validate();
            await resource.InitAsync(harness.Context);
            if (!watch) return harness;
            harness._watch = Task.Run(() => resource.WatchAsync(harness._stop.Token));
            await Task.WhenAny(harness.Context.WhenRunning, harness._watch).WaitAsync(TimeSpan.FromSeconds(10));
            // A watch that failed before it was running surfaces here; a later failure is left in Watch.
            if (!harness.Context.WhenRunning.IsCompleted) await harness._watch;
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>One CheckApply, cancelled with the test.</summary>
    public Task<bool> CheckApplyAsync(bool apply = true) => Resource.CheckApplyAsync(apply, TestContext.Current.CancellationToken);

    /// <summary>One CheckApply with a token of the test's choosing (to cancel it midway).</summary>
    public Task<bool> CheckApplyCancellableAsync(CancellationToken cancel, bool apply = true) => Resource.CheckApplyAsync(apply, cancel);

    /// <summary>
    /// Runs CheckApply until it reports the state as right (at most a few times), as the engine's paired
    /// execution would after each watch event; returns how many runs changed something.
    /// </summary>
    public async Task<int> ConvergeAsync()
    {
        for (var changes = 0; changes < 5; changes++)
        {
            if (await CheckApplyAsync()) return changes;
        }
        throw new InvalidOperationException($"{Resource} did not converge");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_watch is not null)
        {
            try
            {
                await _watch.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // A failed watch is the test's business (see Watch); disposing only has to stop it.
            }
        }
        await Resource.CleanupAsync();
        _stop.Dispose();
        if (OwnsContext) Context.Dispose();
    }
}
