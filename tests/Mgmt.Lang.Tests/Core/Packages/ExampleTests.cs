using Mgmt.Lang.Core.ExampleFunctions;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using Mgmt.Tests.Support;
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

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("  ", null, null)]
    [InlineData("/srv/sound/test.wav", "/srv/sound/test.wav", null)]
    [InlineData("./quiet.raw", "./quiet.raw", null)]
    [InlineData("hw:1,0", null, "hw:1,0")]
    [InlineData("plughw:0 ", null, "plughw:0")]
    public void VuMeterSourceNamesAFileOrADevice(string? variable, string? file, string? device)
    {
        var options = VuMeterOptions.Parse(variable);
        Assert.Equal(file, options.SourceFile);
        Assert.Equal(device, options.Device);
    }

    [Fact]
    public async Task VuMeterRecordsTheConfiguredDevice()
    {
        // A stand-in for arecord: it notes its arguments and "records" one sample at half of full scale (0x4000).
        using var dir = new ScratchDirectory();
        var arguments = Path.Combine(dir.Path, "arguments");
        var recorder = WriteScript(dir, "recorder", $"echo \"$@\" > '{arguments}'\nprintf '\\000\\100'\n");
        using var context = new TestFunctionContext { Services = new Services(new VuMeterOptions { Device = "hw:7,0", Recorder = recorder }) };
        var stream = new TestFunctionStream();
        stream.Send(S("#"), I(4), F(0.9));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("example.vumeter", context, stream, cts.Token, Mgmt.Engine.Values.DataType.Str, Mgmt.Engine.Values.DataType.Int, Mgmt.Engine.Values.DataType.Float);
        Assert.Equal(S("(0.500000):\n##\n##"), await stream.NextValueAsync());
        await StopAsync(cts, run);
        Assert.EndsWith("-t raw -D hw:7,0\n", await File.ReadAllTextAsync(arguments, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task VuMeterWithoutADeviceSaysWhatToDo()
    {
        // What arecord does on a machine without a sound card: a message and a failure.
        using var dir = new ScratchDirectory();
        var recorder = WriteScript(dir, "recorder", "echo 'arecord: main: audio open error: No such file or directory' >&2\nexit 1\n");
        using var context = new TestFunctionContext { Services = new Services(new VuMeterOptions { Recorder = recorder }) };
        var stream = new TestFunctionStream();
        stream.Send(S("#"), I(8), F(0.9));
        var (_, run) = Start("example.vumeter", context, stream, TestContext.Current.CancellationToken,
            Mgmt.Engine.Values.DataType.Str, Mgmt.Engine.Values.DataType.Int, Mgmt.Engine.Values.DataType.Float);
        var e = await Assert.ThrowsAsync<FunctionException>(() => run);
        Assert.Contains("cannot record the default capture device", e.Message);
        Assert.Contains("audio open error", e.Message);
        Assert.Contains(VuMeterOptions.EnvironmentVariable, e.Message);
    }

    private static string WriteScript(ScratchDirectory dir, string name, string body)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the stand-in recorder is a shell script");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private sealed class ScratchDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mgmt-vumeter-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private sealed class Services(object service) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType.IsInstanceOfType(service) ? service : null;
    }
}
