using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.DatetimeFunctions;

/// <summary>
/// The clock streams of <c>datetime</c>: emits right away, then at each whole second (or each local midnight for
/// the weekday), on the context's clock so tests can drive time.
/// </summary>
internal sealed class ClockStream(ClockStream.Kind kind) : StreamNode
{
    public enum Kind
    {
        Epoch,
        Text,
        Weekday,
    }

    protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
    {
        await StreamLoop.StartAsync(stream, cancel).ConfigureAwait(false);
        var time = Context.Time;
        while (!cancel.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var zone = time.LocalTimeZone;
            var local = TimeZoneInfo.ConvertTime(now, zone);
            Value value = kind switch
            {
                Kind.Epoch => Value.Int(now.ToUnixTimeSeconds()),
                Kind.Text => Value.Str(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                _ => Value.Str(local.DayOfWeek.ToString().ToLowerInvariant()),
            };
            await stream.EmitAsync(value).ConfigureAwait(false);
            var wait = kind == Kind.Weekday ? UntilMidnight(local) : UntilNextSecond(now);
            await StreamLoop.DelayAsync(time, wait, cancel).ConfigureAwait(false);
        }
    }

    private static TimeSpan UntilNextSecond(DateTimeOffset now) =>
        TimeSpan.FromTicks(TimeSpan.TicksPerSecond - now.UtcTicks % TimeSpan.TicksPerSecond);

    private static TimeSpan UntilMidnight(DateTimeOffset local) =>
        local.Date.AddDays(1) - local.DateTime + TimeSpan.FromMilliseconds(1);
}
