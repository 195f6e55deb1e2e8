using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.DatetimeFunctions;

/// <summary>
/// The <c>datetime</c> package. Times are whole seconds since the Unix epoch; they are shown in the host's local
/// time zone (as the function context's clock reports it).
/// </summary>
internal static class DatetimePackage
{
    public const string Name = "datetime";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new StreamFunction("now", "func() int", _ => new ClockStream(ClockStream.Kind.Epoch),
            "The current time in seconds since the Unix epoch, updated every second."))
        .Add(Name, new StreamFunction("str_now", "func() str", _ => new ClockStream(ClockStream.Kind.Text),
            "The current time in seconds since the Unix epoch, as a string, updated every second."))
        .Add(Name, new StreamFunction("weekday_fast", "func() str", _ => new ClockStream(ClockStream.Kind.Weekday),
            "Today's weekday in lower case, updated at midnight."))
        .Add(Name, Timed("format", "func(epoch int, layout str) str",
            (t, zone, a) => Value.Str(GoTimeLayout.Format(t, zone, a[1].AsStr())),
            "Formats a time with a Go layout such as \"2006-01-02 15:04\"."))
        .Add(Name, Timed("hour", "func(epoch int) int", (t, _, _) => Value.Int(t.Hour), "The hour (0-23) of a time."))
        .Add(Name, Timed("print", "func(epoch int) str",
            (t, zone, _) => Value.Str(GoTimeLayout.Format(t, zone, GoTimeLayout.Default)),
            "A time as text: 2006-01-02 15:04:05 -0700 MST."))
        .Add(Name, Timed("weekday", "func(epoch int) str",
            (t, _, _) => Value.Str(t.DayOfWeek.ToString().ToLowerInvariant()), "The weekday of a time in lower case (monday)."));

    private static TypedFunction Timed(
        string name, string signature, Func<DateTimeOffset, TimeZoneInfo, IReadOnlyList<Value>, Value> body, string description) =>
        new(name, signature, (_, context, a) =>
        {
            var zone = context.Time.LocalTimeZone;
            return body(Local(a[0].AsInt(), zone), zone, a);
        }, description: description, pure: false);

    /// <summary>The epoch second as a local time; out-of-range values are a catchable error.</summary>
    internal static DateTimeOffset Local(long epoch, TimeZoneInfo zone)
    {
        if (epoch < -62135596800 || epoch > 253402300799)
        {
            throw new CatchableException($"{epoch} seconds since the epoch is outside the years 1 to 9999");
        }
        return TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(epoch), zone);
    }
}
