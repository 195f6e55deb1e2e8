using Mgmt.Lang.Core.DatetimeFunctions;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using Mgmt.Tests.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class DatetimeTests
{
    // 2009-11-10 23:00:00 UTC, a Tuesday: the Go playground's famous moment.
    private const long Moment = 1257894000;

    private static TestFunctionContext InZone(string zone) =>
        new() { Time = new ManualTime(DateTimeOffset.UnixEpoch, TimeZoneInfo.FindSystemTimeZoneById(zone)) };

    [Theory]
    [InlineData("2006-01-02 15:04:05", "2009-11-10 23:00:00")]
    [InlineData("Mon Jan _2 3:04PM", "Tue Nov 10 11:00PM")]
    [InlineData("Monday, January 2, 2006", "Tuesday, November 10, 2009")]
    [InlineData("06/1/2 15h04 .000 .999", "09/11/10 23h00 .000 ")]
    [InlineData("-07:00 Z07:00 MST pm", "+00:00 Z UTC pm")]
    [InlineData("day 002 of _2006 or __2", "day 314 of _2009 or 314")]
    public void FormatUsesGoLayouts(string layout, string expected) =>
        Assert.Equal(S(expected), CallWith(InZone("Etc/UTC"), "datetime.format", I(Moment), S(layout)));

    [Fact]
    public void LocalZoneNamesAndOffsets()
    {
        var berlin = InZone("Europe/Berlin");
        Assert.Equal(S("2009-11-11 00:00:00 +0100 CET"), CallWith(berlin, "datetime.print", I(Moment)));
        Assert.Equal(I(0), CallWith(berlin, "datetime.hour", I(Moment)));
        Assert.Equal(S("wednesday"), CallWith(berlin, "datetime.weekday", I(Moment)));
        Assert.Equal(S("2009-11-10 23:00:00 +0000 UTC"), CallWith(InZone("Etc/UTC"), "datetime.print", I(Moment)));
    }

    [Fact]
    public void OutOfRangeTimesAreCatchable() =>
        Assert.Throws<CatchableException>(() => CallWith(InZone("Etc/UTC"), "datetime.print", I(long.MaxValue)));

    [Fact]
    public async Task NowTicksEverySecondOnTheContextClock()
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeSeconds(Moment).AddMilliseconds(250));
        using var context = new TestFunctionContext { Time = time };
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("datetime.now", context, stream, cts.Token);
        Assert.Equal(I(Moment), await stream.NextValueAsync());
        await time.WaitForSleeperAsync();
        time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(I(Moment + 1), await stream.NextValueAsync());
        await time.WaitForSleeperAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(I(Moment + 2), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task WeekdayFastChangesAtMidnight()
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeSeconds(Moment));
        using var context = new TestFunctionContext { Time = time };
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("datetime.weekday_fast", context, stream, cts.Token);
        Assert.Equal(S("tuesday"), await stream.NextValueAsync());
        await time.WaitForSleeperAsync();
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(S("wednesday"), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public void LayoutTokensNeedNoLeadingDigitConfusion() =>
        Assert.Equal("2009 x 11", GoTimeLayout.Format(DateTimeOffset.FromUnixTimeSeconds(Moment), TimeZoneInfo.Utc, "2006 x 1"));
}
