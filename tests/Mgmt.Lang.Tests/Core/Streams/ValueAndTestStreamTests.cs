using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using Mgmt.Tests.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Streams;

public sealed class ValueAndTestStreamTests
{
    [Fact]
    public async Task ValueGetFollowsTheLocalStore()
    {
        using var context = new TestFunctionContext();
        var stream = new TestFunctionStream();
        stream.Send(S("hello1"));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("value.get_str", context, stream, cts.Token, DataType.Str);
        Assert.Equal("struct{value: \"\"; ready: false}", (await stream.NextValueAsync()).ToString());
        context.Local.Set("other", S("ignored"));
        context.Local.Set("hello1", S("wow"));
        Assert.Equal("struct{value: \"wow\"; ready: true}", (await stream.NextValueAsync()).ToString());
        context.Local.Remove("hello1");
        Assert.Equal("struct{value: \"\"; ready: false}", (await stream.NextValueAsync()).ToString());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task ValueGetOfTheWrongTypeStops()
    {
        using var context = new TestFunctionContext();
        context.Local.Set("n", S("not an int"));
        var stream = new TestFunctionStream();
        stream.Send(S("n"));
        var (_, run) = Start("value.get_int", context, stream, TestContext.Current.CancellationToken, DataType.Str);
        var e = await Assert.ThrowsAsync<FunctionException>(() => run);
        Assert.Contains("str", e.Message);
    }

    [Fact]
    public void PolymorphicGetTakesItsTypeFromTheUse()
    {
        var t = TypeOf(Find("value.get"), [DataType.Str], result: DataType.Parse("struct{value []int; ready bool}"));
        Assert.Equal("func(key str) struct{value []int; ready bool}", t.ToString());
    }

    [Fact]
    public async Task OneStreamAcceptsASingleInput()
    {
        using var context = new TestFunctionContext();
        var stream = new TestFunctionStream();
        stream.Send(I(3));
        var (_, run) = Start("test.one_stream", context, stream, TestContext.Current.CancellationToken, DataType.Int);
        Assert.Equal(S("xxx"), await stream.NextValueAsync());
        stream.Send(I(4));
        await Assert.ThrowsAsync<FunctionException>(() => run);
    }

    [Fact]
    public async Task ForLoopThenRepeats()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        using var context = new TestFunctionContext { Time = time };
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("test.forloop", context, stream, cts.Token);
        Assert.Equal("[\"foo\"]", (await stream.NextValueAsync()).ToString());
        await time.WaitForSleeperAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("[\"bar\"]", (await stream.NextValueAsync()).ToString());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task SlowStringWaitsFiveSeconds()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        using var context = new TestFunctionContext { Time = time };
        var stream = TestFunctionStream.WithoutArguments();
        var (_, run) = Start("test.slow_string", context, stream, TestContext.Current.CancellationToken);
        await time.WaitForSleeperAsync();
        Assert.True(await stream.QuietForAsync(TimeSpan.FromMilliseconds(100)));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(S("five seconds has elapsed"), await stream.NextValueAsync());
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FastCountCounts()
    {
        using var context = new TestFunctionContext();
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("test.fastcount", context, stream, cts.Token);
        for (var i = 0; i < 5; i++) Assert.Equal(I(i), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task OneInstanceFunctionsCountPerRegistry()
    {
        var registry = Mgmt.Lang.Core.CoreLibrary.Create();
        var pure = registry.FindFunction("test", "one_instance_b")!;
        var node = (PureFunctionNode)pure.Create(TypeOf(pure, []));
        node.Init(new TestFunctionContext());
        Assert.Equal(S("hello"), node.Call([]));
        Assert.Throws<FunctionException>(() => node.Call([]));

        var stream = registry.FindFunction("test", "one_instance_a")!;
        var first = stream.Create(TypeOf(stream, []));
        first.Init(new TestFunctionContext());
        var output = TestFunctionStream.WithoutArguments();
        await ((StreamFunctionNode)first).RunAsync(output, TestContext.Current.CancellationToken);
        Assert.Equal(S("hello"), await output.NextValueAsync());
        Assert.Throws<FunctionException>(() => stream.Create(TypeOf(stream, [])).Init(new TestFunctionContext()));

        // Another registry has its own count.
        var fresh = Mgmt.Lang.Core.CoreLibrary.Create().FindFunction("test", "one_instance_b")!;
        var freshNode = (PureFunctionNode)fresh.Create(TypeOf(fresh, []));
        freshNode.Init(new TestFunctionContext());
        Assert.Equal(S("hello"), freshNode.Call([]));
    }

    [Fact]
    public async Task FlipFlopFlipsEveryFiveSeconds()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        using var context = new TestFunctionContext { Time = time };
        var stream = TestFunctionStream.WithoutArguments();
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("example.flipflop", context, stream, cts.Token);
        Assert.Equal(B(false), await stream.NextValueAsync());
        await time.WaitForSleeperAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(B(true), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }
}
