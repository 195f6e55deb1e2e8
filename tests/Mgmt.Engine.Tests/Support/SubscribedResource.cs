using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Tests.Support;

/// <summary>
/// <c>subwatch</c>: a resource that watches through callbacks (<see cref="ISubscribedWatch"/>) and records in its
/// <see cref="Journal"/> when the subscription starts and ends, and when the task watch runs instead. The test
/// breaks the subscription with <see cref="Break"/> and sends changes with <see cref="Journal.Event"/>.
/// </summary>
[ResourceKind("subwatch")]
public sealed class SubscribedResource : Resource, ISubscribedWatch
{
    private IWatchOwner? _owner;

    [Param("journal")] public string Journal { get; set; } = "";

    /// <summary>Decline to watch by subscription (as a file resource without a shared hub does).</summary>
    [Param("decline")] public bool Decline { get; set; }

    /// <summary>How many times starting the subscription throws.</summary>
    [Param("startfail")] public long StartFail { get; set; }

    private Journal Log => Support.Journal.Of(Journal);

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context);
        Log.Register(Name, context);
    }

    public IDisposable? StartWatch(IWatchOwner owner)
    {
        if (Decline) return null;
        if (Log.Next($"{Name}/startfail") <= StartFail) throw new IOException("the subscription could not start");
        _owner = owner;
        Log.Add(Name, "subscribe");
        Context.Running();
        return new Subscription(Log, Name);
    }

    /// <summary>What the service does when it cannot go on watching.</summary>
    public void Break(Exception e) => _owner!.WatchBroke(e);

    public override async Task WatchAsync(CancellationToken cancel)
    {
        Log.Add(Name, "watch");
        Context.Running();
        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
            Log.Add(Name, "unwatch");
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        Log.Add(Name, "start");
        Log.Add(Name, "end");
        return Task.FromResult(true);
    }

    public override Task CleanupAsync()
    {
        Log.Add(Name, "cleanup");
        return Task.CompletedTask;
    }

    private sealed class Subscription(Journal log, string name) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) log.Add(name, "unsubscribe");
            else log.Add(name, "unsubscribed twice");
        }
    }
}
