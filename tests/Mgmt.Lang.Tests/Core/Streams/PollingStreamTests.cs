using Mgmt.Engine.Values;
using Mgmt.Lang.Tests.Core.Support;
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
}
