namespace Mgmt.World.Tests.Support;

/// <summary>Reads a world watch in the background and lets a test wait until its latest state matches.</summary>
public sealed class WatchProbe<T> : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly Lock _gate = new();
    private readonly List<T> _seen = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatchProbe(Func<CancellationToken, IAsyncEnumerable<T>> watch)
    {
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var state in watch(_stop.Token))
                {
                    lock (_gate)
                    {
                        _seen.Add(state);
                        _changed.TrySetResult();
                        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        });
    }

    /// <summary>Every state the watch yielded, in order.</summary>
    public IReadOnlyList<T> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>True once the watch ended by itself (the world closed).</summary>
    public bool Ended => _reader.IsCompleted;

    /// <summary>Waits until the latest state satisfies <paramref name="condition"/>; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_seen.Count > 0 && condition(_seen[^1]))
                {
                    return _seen[^1];
                }
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _reader.IsCompleted)
            {
                var last = Seen.Count > 0 ? Describe(Seen[^1]) : "nothing";
                Assert.Fail($"the watch never reached {what ?? "the expected state"}; last state: {last}");
            }
            await Task.WhenAny(changed, _reader, Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)));
        }
    }

    public static string Describe(T state) => state switch
    {
        null => "null",
        IReadOnlyDictionary<string, string> map => "{" + string.Join(", ", map.Select(p => $"{p.Key}={p.Value}")) + "}",
        System.Collections.IEnumerable list and not string => "[" + string.Join(", ", list.Cast<object>()) + "]",
        _ => state.ToString() ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _stop.Dispose();
    }
}
