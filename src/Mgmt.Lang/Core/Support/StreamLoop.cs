using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// The main loop most argument-taking streams share: for each new set of arguments, start a piece of work (watch
/// this file, run this command) and cancel the previous one. When the arguments stop changing, the last piece of
/// work keeps running; the loop ends when it ends, or on cancel.
/// </summary>
internal static class StreamLoop
{
    public static async Task ForEachInputAsync(
        IFunctionStream stream,
        CancellationToken cancel,
        Func<IReadOnlyList<Value>, CancellationToken, Task> work)
    {
        using var inputCancel = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var inputs = stream.Inputs.GetAsyncEnumerator(inputCancel.Token);
        CancellationTokenSource? runCancel = null;
        Task? running = null;
        Task<bool>? next = null;
        try
        {
            next = inputs.MoveNextAsync().AsTask();
            while (true)
            {
                if (running is null)
                {
                    if (!await next.ConfigureAwait(false)) return;
                    (running, runCancel) = Start(inputs.Current);
                    next = inputs.MoveNextAsync().AsTask();
                    continue;
                }

                var finished = await Task.WhenAny(next, running).ConfigureAwait(false);
                if (finished == running)
                {
                    // The work ended by itself (a command exited): surface its failure, then wait for new arguments.
                    await running.ConfigureAwait(false);
                    running = null;
                    runCancel?.Dispose();
                    runCancel = null;
                    continue;
                }

                if (!await next.ConfigureAwait(false))
                {
                    // No more argument changes: the current work is the last one.
                    await running.ConfigureAwait(false);
                    return;
                }
                await StopAsync(running, runCancel).ConfigureAwait(false);
                (running, runCancel) = Start(inputs.Current);
                next = inputs.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            if (running is not null) await StopAsync(running, runCancel).ConfigureAwait(false);
            await CloseInputsAsync(inputs, next, inputCancel).ConfigureAwait(false);
        }

        (Task, CancellationTokenSource) Start(IReadOnlyList<Value> args)
        {
            var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            return (Task.Run(() => work(args, cts.Token), CancellationToken.None), cts);
        }
    }

    /// <summary>
    /// Ends the read of inputs. An async enumerator cannot be disposed while a read is pending, so the read is
    /// cancelled first; a source that ignores the cancellation is left to its owner rather than waited for forever.
    /// </summary>
    private static async Task CloseInputsAsync(
        IAsyncEnumerator<IReadOnlyList<Value>> inputs, Task<bool>? pending, CancellationTokenSource inputCancel)
    {
        await inputCancel.CancelAsync().ConfigureAwait(false);
        if (pending is not null && !pending.IsCompleted)
        {
            await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None)).ConfigureAwait(false);
            if (!pending.IsCompleted) return;
        }
        if (pending is not null && !pending.IsCompletedSuccessfully) _ = pending.Exception;
        try
        {
            await inputs.DisposeAsync().ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            // Some sources refuse disposal mid-read; nothing is held on our side.
        }
    }

    private static async Task StopAsync(Task running, CancellationTokenSource? cts)
    {
        if (cts is not null) await cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: we asked it to stop.
        }
        finally
        {
            cts?.Dispose();
        }
    }

    /// <summary>Waits for the first (and only) empty argument set of a function without parameters.</summary>
    public static async Task StartAsync(IFunctionStream stream, CancellationToken cancel)
    {
        await foreach (var _ in stream.Inputs.WithCancellation(cancel).ConfigureAwait(false))
        {
            return;
        }
    }

    /// <summary>Sleeps on the context's clock so tests can drive time.</summary>
    public static Task DelayAsync(TimeProvider time, TimeSpan delay, CancellationToken cancel) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancel);
}
