using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.HistoryFunctions;

/// <summary>
/// <c>history(value, index_ms)</c>: the value its first argument had <c>index_ms</c> milliseconds ago, for
/// time-based hysteresis ("the load has stayed low for ten seconds"). It has no value until the first value is
/// old enough. The history is kept in memory only, and only as far back as needed.
/// </summary>
internal static class HistoryFunction
{
    public const string Name = "history";

    public static void Register(FunctionRegistry registry) => registry.Add("", new StreamFunction(
        Name,
        "func(value ?1, index_ms int) ?1",
        _ => new HistoryStream(),
        "The value its first argument had the given number of milliseconds ago."));

    private sealed class HistoryStream : StreamNode
    {
        protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
        {
            var time = Context.Time;
            var timeline = new HistoryTimeline();
            var delay = TimeSpan.Zero;
            Value? emitted = null;
            await using var inputs = stream.Inputs.GetAsyncEnumerator(cancel);
            Task<bool>? nextInput = inputs.MoveNextAsync().AsTask();
            Timer? timer = null;
            try
            {
                while (true)
                {
                    var now = time.GetUtcNow();
                    var current = timeline.ValueAt(now - delay);
                    if (current is not null && !current.Equals(emitted))
                    {
                        emitted = current;
                        await stream.EmitAsync(current).ConfigureAwait(false);
                    }
                    var due = timeline.NextDue(now - delay, delay);
                    if (nextInput is null && due is null) return; // nothing more can ever change
                    timer = timer?.Reschedule(time, due, cancel) ?? (due is null ? null : new Timer(time, due.Value, cancel));
                    var waits = new List<Task>(2);
                    if (nextInput is not null) waits.Add(nextInput);
                    if (timer is not null) waits.Add(timer.Task);
                    var woke = await Task.WhenAny(waits).ConfigureAwait(false);
                    cancel.ThrowIfCancellationRequested();
                    if (woke != nextInput) continue;
                    if (!await nextInput.ConfigureAwait(false))
                    {
                        nextInput = null;
                        continue;
                    }
                    var args = inputs.Current;
                    var ms = args[1].AsInt();
                    if (ms < 0) throw new FunctionException($"history needs a number of milliseconds of 0 or more, not {ms}");
                    delay = TimeSpan.FromMilliseconds(ms);
                    timeline.Add(time.GetUtcNow(), args[0]);
                    nextInput = inputs.MoveNextAsync().AsTask();
                }
            }
            finally
            {
                timer?.Dispose();
            }
        }
    }

    /// <summary>One pending wake-up on the context's clock, replaced when the due time changes.</summary>
    private sealed class Timer : IDisposable
    {
        private readonly CancellationTokenSource _cancel;

        public Timer(TimeProvider time, DateTimeOffset due, CancellationToken outer)
        {
            Due = due;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
            var wait = due - time.GetUtcNow();
            Task = StreamLoop.DelayAsync(time, wait, _cancel.Token);
        }

        public DateTimeOffset Due { get; }

        public Task Task { get; }

        /// <summary>This timer if it is still right, else a new one (or none) after disposing this one.</summary>
        public Timer? Reschedule(TimeProvider time, DateTimeOffset? due, CancellationToken outer)
        {
            if (due == Due && !Task.IsCompleted) return this;
            Dispose();
            return due is null ? null : new Timer(time, due.Value, outer);
        }

        public void Dispose()
        {
            _cancel.Cancel();
            _cancel.Dispose();
        }
    }
}
