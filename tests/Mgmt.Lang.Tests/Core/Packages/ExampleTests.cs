using Mgmt.Lang.Core.ExampleFunctions;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class ExampleTests
{
    [Fact]
    public void SmallFunctions()
    {
        Assert.Equal(I(42), Call("example.answer"));
        Assert.Equal(S("Hello!"), Call("example/nested.hello"));
        Assert.Equal(S("ab"), Call("example.plus", S("a"), S("b")));
        Assert.Equal(S("7"), Call("example.int2str", I(7)));
        Assert.Equal(I(7), Call("example.str2int", S("7")));
        Assert.Equal(I(0), Call("example.str2int", S("seven")));
        Assert.Throws<FunctionException>(() => Call("example.errorbool", B(true)));
        Assert.Equal(S("set input to true to generate an error"), Call("example.errorbool", B(false)));
    }

    [Fact]
    public void VuMeterDrawsABar()
    {
        Assert.Equal("(0.500000):\n=====\n=====", VuMeterStream.Visual("=", 10, 0.9, 0.5));
        Assert.Equal("(0.950000):\n========== PEAK!!!\n========== PEAK!!!", VuMeterStream.Visual("=", 10, 0.9, 0.95));
        Assert.Equal("(0.000000):\n=\n=", VuMeterStream.Visual("=", 10, 0.9, 0));
        Assert.Equal(0.5, VuMeterStream.Peak([0x00, 0x40, 0x00, 0x00]));
    }

    [Fact]
    public async Task VuMeterReadsAConfiguredSoundFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            // A quarter of full scale: 0x2000 = 8192.
            await File.WriteAllBytesAsync(file, [0x00, 0x20, 0x00, 0x00], TestContext.Current.CancellationToken);
            var time = new ManualTime(DateTimeOffset.UnixEpoch);
            using var context = new TestFunctionContext { Time = time, Services = new Services(new VuMeterOptions { SourceFile = file }) };
            var stream = new TestFunctionStream();
            stream.Send(S("#"), I(8), F(0.9));
            using var cts = new CancellationTokenSource();
            var (_, run) = Start("example.vumeter", context, stream, cts.Token, Mgmt.Engine.Values.DataType.Str, Mgmt.Engine.Values.DataType.Int, Mgmt.Engine.Values.DataType.Float);
            Assert.Equal(S("(0.250000):\n##\n##"), await stream.NextValueAsync());
            await StopAsync(cts, run);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task VuMeterWithoutARecorderSaysWhatIsMissing()
    {
        using var context = new TestFunctionContext { Services = new Services(new VuMeterOptions { Recorder = "/nonexistent/arecord" }) };
        var stream = new TestFunctionStream();
        stream.Send(S("#"), I(8), F(0.9));
        var (_, run) = Start("example.vumeter", context, stream, TestContext.Current.CancellationToken,
            Mgmt.Engine.Values.DataType.Str, Mgmt.Engine.Values.DataType.Int, Mgmt.Engine.Values.DataType.Float);
        var e = await Assert.ThrowsAsync<FunctionException>(() => run);
        Assert.Contains("microphone", e.Message);
    }

    private sealed class Services(object service) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType.IsInstanceOfType(service) ? service : null;
    }
}
