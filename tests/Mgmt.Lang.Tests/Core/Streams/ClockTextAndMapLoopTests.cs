using Mgmt.Lang.Tests.Core.Support;
using Mgmt.Tests.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Streams;

/// <summary>The stream functions no other test drives: datetime.str_now and test.forkvloop.</summary>
public sealed class ClockTextAndMapLoopTests
{
    [Fact]
    public async Task StrNowIsTheEpochInSecondsAsTextAndTicksEverySecond()
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeSeconds(1257894000).AddMilliseconds(400));
        using var context = new TestFunctionContext { Time = time };
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("datetime.str_now", context, stream, cts.Token);
        Assert.Equal(S("1257894000"), await stream.NextValueAsync());
        await time.WaitForSleeperAsync();
        Assert.True(await stream.QuietForAsync(TimeSpan.FromMilliseconds(50)));
        time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(S("1257894001"), await stream.NextValueAsync());
        await time.WaitForSleeperAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(S("1257894002"), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task ForkvLoopGivesItsMapAtOnceAndAgainEveryFiveSeconds()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        using var context = new TestFunctionContext { Time = time };
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("test.forkvloop", context, stream, cts.Token);
        Assert.Equal("{\"foo\": \"bar\"}", (await stream.NextValueAsync()).ToString());
        await time.WaitForSleeperAsync();
        Assert.True(await stream.QuietForAsync(TimeSpan.FromMilliseconds(50)));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("{\"foo\": \"bar\"}", (await stream.NextValueAsync()).ToString());
        await StopAsync(cts, run);
    }
}
