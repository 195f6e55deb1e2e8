using System.Threading.Channels;
using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>timer</c>: a source of periodic events. Every <see cref="Interval"/> seconds its watch fires, the engine
/// checks it, and everything after it in the graph gets a chance to run again.
/// </summary>
/// <remarks>
/// The timer itself never drifts, so its check is always fine, except when a parent notifies it: a refresh
/// restarts the period from now (and counts as a change, which is passed on along notify edges).
/// </remarks>
[ResourceKind("timer")]
public sealed class TimerResource : Resource, IRefreshable
{
    private readonly Channel<bool> _ticks = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Lock _lock = new();
    private ITimer? _timer;

    /// <summary>Seconds between ticks; at least 1.</summary>
    [Param("interval")]
    public uint Interval { get; set; }

    public override void Validate()
    {
        if (Interval == 0) throw new ResourceValidationException("interval must be a number of seconds of at least 1");
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        Restart();
        Context.Running();
        try
        {
            while (await _ticks.Reader.WaitToReadAsync(cancel).ConfigureAwait(false))
            {
                while (_ticks.Reader.TryRead(out _))
                {
                }
                TimerLog.Tick(Context.Logger);
                Context.Event();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_lock)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        if (!Context.Refresh) return Task.FromResult(true);
        Context.Changes.Action("restart the timer (refresh)");
        if (!apply) return Task.FromResult(false);
        Restart();
        TimerLog.Reset(Context.Logger, Interval);
        return Task.FromResult(false);
    }

    public override Task CleanupAsync()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>Starts the period again from now.</summary>
    private void Restart()
    {
        var period = TimeSpan.FromSeconds(Interval);
        lock (_lock)
        {
            if (_timer is null)
            {
                _timer = Context.Time.CreateTimer(static s => ((TimerResource)s!)._ticks.Writer.TryWrite(true), this, period, period);
            }
            else
            {
                _timer.Change(period, period);
            }
        }
    }
}

internal static partial class TimerLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "tick")]
    public static partial void Tick(ILogger logger);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "refreshed: the next tick is in {Seconds} s")]
    public static partial void Reset(ILogger logger, uint seconds);
}
