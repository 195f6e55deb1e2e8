using Mgmt.Engine.Values;
using Mgmt.Lang.Tests.Core.Support;
using Mgmt.Tests.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Streams;

public sealed class PollingStreamTests
{
    [Theory]
    [InlineData("sys.load")]
    [InlineData("sys.uptime")]
    [InlineData("sys.cpu_count")]
    [InlineData("sys.hostname")]
    [InlineData("net.macs")]
    [InlineData("net.wired_interface")]
    public async Task HostStreamsGiveAFirstValueAndStopOnCancel(string function)
    {
        using var context = new TestFunctionContext();
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start(function, context, stream, cts.Token);
        var value = await stream.NextValueAsync();
        Assert.Equal(Find(function).Infer(new Mgmt.Lang.Functions.CallSite(0, _ => null)).Result.ToString(), value.Type.ToString());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task CpuCountMatchesTheMachine()
    {
        using var context = new TestFunctionContext();
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("sys.cpu_count", context, stream, cts.Token);
        Assert.Equal(I(Environment.ProcessorCount), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task UnknownInterfaceIsACatchableErrorInTheStream()
    {
        using var context = new TestFunctionContext();
        var stream = new TestFunctionStream();
        stream.Send(S("no-such-nic0"));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("net.interface_cidr", context, stream, cts.Token, DataType.Str);
        Assert.IsType<Mgmt.Lang.Functions.CatchableException>(await stream.NextAsync());
        stream.Send(S("lo"));
        Assert.Equal(S("127.0.0.1/8"), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task ModinfoLoadedAnswersFalseForUnknownModules()
    {
        using var context = new TestFunctionContext();
        var stream = new TestFunctionStream();
        stream.Send(S("no_such_module_for_mgmt"));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("os.modinfo_loaded", context, stream, cts.Token, DataType.Str);
        Assert.Equal(B(false), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }
    [Fact]
    public async Task APolledSourceIsEmittedOnlyWhenItChangesAndRecoversFromErrors()
    {
        // How sys.cpu_count follows CPU hot-plug and sys.load the load: read again at each interval, sent on when
        // different; a reading that fails is a catchable error until a reading succeeds.
        var readings = new Queue<object>([2L, 2L, 4L, "unreadable", 4L, 4L, 3L]);
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        using var context = new TestFunctionContext { Time = time };
        var node = new Mgmt.Lang.Core.Support.PollingStream(TimeSpan.FromSeconds(2), (_, _) =>
        {
            var next = readings.Count > 1 ? readings.Dequeue() : readings.Peek();
            return next is long n ? I(n) : throw new Mgmt.Lang.Functions.CatchableException("the source is unreadable");
        });
        node.Init(context);
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => node.RunAsync(stream, cts.Token), CancellationToken.None);

        Assert.Equal(I(2), await stream.NextValueAsync());
        for (var tick = 0; tick < 6; tick++)
        {
            await time.WaitForSleeperAsync();
            time.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.Equal(I(4), await stream.NextValueAsync());
        Assert.IsType<Mgmt.Lang.Functions.CatchableException>(await stream.NextAsync());
        Assert.Equal(I(4), await stream.NextValueAsync());
        Assert.Equal(I(3), await stream.NextValueAsync());
        Assert.True(await stream.QuietForAsync(TimeSpan.FromMilliseconds(100)));
        await StopAsync(cts, run);
    }
}
