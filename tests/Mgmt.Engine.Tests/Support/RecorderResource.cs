using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;

namespace Mgmt.Engine.Tests.Support;

/// <summary>
/// <c>rec</c>: a resource that records everything the engine makes it do in its <see cref="Journal"/>, and that
/// can be told to start out wrong, fail, be slow, fail its watch, ignore cancellation, group, send and receive.
/// </summary>
[ResourceKind("rec")]
[Sends("out", "str")]
[Sends("count", "int")]
public sealed class RecorderResource : Resource, IRefreshable, ISendable, IReceivable, IInterruptible, IGroupable
{
    private TaskCompletionSource? _interrupted;
    private bool _fixed;

    [Param("journal")] public string Journal { get; set; } = "";

    /// <summary>The state starts out wrong: the first CheckApply with apply changes something.</summary>
    [Param("dirty")] public bool Dirty { get; set; }

    /// <summary>The CheckApply calls (1-based, counted per name over the whole test) that throw.</summary>
    [Param("failon")] public List<long> FailOn { get; set; } = [];

    /// <summary>Every CheckApply throws.</summary>
    [Param("failall")] public bool FailAll { get; set; }

    /// <summary>Throw something that is not the resource's own error, as a bug would.</summary>
    [Param("crash")] public bool Crash { get; set; }

    [Param("sleepms")] public long SleepMs { get; set; }

    /// <summary>Ignore the cancellation token while sleeping; only <see cref="Interrupt"/> ends the sleep early.</summary>
    [Param("stubborn")] public bool Stubborn { get; set; }

    /// <summary>How many times the watch fails (after it said it was running).</summary>
    [Param("watchfail")] public long WatchFail { get; set; }

    [Param("value")] public string Value { get; set; } = "";

    [Param("number")] public long Number { get; set; }

    /// <summary>What is sent under <c>out</c>.</summary>
    [Param("send")] public string SendText { get; set; } = "";

    [Param("group")] public bool Group { get; set; }

    [Param("invalid")] public bool Invalid { get; set; }

    private Journal Log => Support.Journal.Of(Journal);

    public override void Validate()
    {
        if (Invalid) throw new ResourceValidationException("invalid is set, so this resource is invalid");
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context);
        Log.Register(Name, context);
        Log.Add(Name, "init");
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        Log.Add(Name, "watch");
        Context.Running();
        if (Log.Next($"{Name}/watchfail") <= WatchFail) throw new IOException("the watch broke");
        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
            Log.Add(Name, "unwatch");
        }
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var call = Log.Next($"{Name}/call");
        var received = string.Join(",", Context.Received.Select(r => $"{r.Key}={r.Value.Value}{(r.Value.Changed ? "*" : "")}"));
        Log.Add(Name, "start", Context.Refresh, received);
        try
        {
            if (SleepMs > 0)
            {
                _interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var sleep = Task.Delay(TimeSpan.FromMilliseconds(SleepMs), Stubborn ? CancellationToken.None : cancel);
                await Task.WhenAny(sleep, _interrupted.Task);
                if (!Stubborn) cancel.ThrowIfCancellationRequested();
            }
            if (Crash) throw new NullReferenceException("boom");
            if (FailAll || FailOn.Contains(call)) throw new InvalidOperationException($"failure number {call}");
            foreach (var m in GroupedMembers) Log.Add(m.Name, "applied-by-group", detail: Name);
            Context.Send(new Dictionary<string, Values.Value> { ["out"] = Values.Value.Str(SendText), ["count"] = Values.Value.Int(call) });
            if (Dirty && !_fixed)
            {
                if (apply) _fixed = true;
                Log.Add(Name, "changed");
                return false;
            }
            return true;
        }
        finally
        {
            Log.Add(Name, "end");
        }
    }

    public override Task CleanupAsync()
    {
        Log.Add(Name, "cleanup");
        return Task.CompletedTask;
    }

    public void Interrupt()
    {
        Log.Add(Name, "interrupt");
        _interrupted?.TrySetResult();
    }

    public bool CanGroupWith(Resource other) => Group && other is RecorderResource { Group: true };
}
