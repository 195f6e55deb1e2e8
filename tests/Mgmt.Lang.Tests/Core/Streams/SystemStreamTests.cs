using Mgmt.Engine.Values;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Streams;

public sealed class SystemStreamTests : IDisposable
{
    private readonly TestFunctionContext _context = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-system-").FullName;

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ConformanceEachLineIsAValue()
    {
        var stream = new TestFunctionStream();
        stream.Send(S("echo 0; echo 1"));
        stream.EndInputs();
        var (_, run) = Start("os.system", _context, stream, TestContext.Current.CancellationToken, DataType.Str);
        Assert.Equal(S("0"), await stream.NextValueAsync());
        Assert.Equal(S("1"), await stream.NextValueAsync());
        // The command ended and no new one will come: the stream ends.
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ANewCommandKillsTheOldOne()
    {
        var marker = Path.Join(_dir, "old-still-running");
        var stream = new TestFunctionStream();
        stream.Send(S($"echo started; sleep 2; touch {marker}"));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("os.system", _context, stream, cts.Token, DataType.Str);
        Assert.Equal(S("started"), await stream.NextValueAsync());
        stream.Send(S("echo second"));
        Assert.Equal(S("second"), await stream.NextValueAsync());
        await Task.Delay(2500, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(marker), "the first command should have been killed");
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task CancelKillsTheChild()
    {
        var marker = Path.Join(_dir, "survived");
        var stream = new TestFunctionStream();
        stream.Send(S($"echo up; sleep 2; touch {marker}"));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("os.system", _context, stream, cts.Token, DataType.Str);
        Assert.Equal(S("up"), await stream.NextValueAsync());
        await StopAsync(cts, run);
        await Task.Delay(2500, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(marker), "cancelling the stream should kill the command");
    }
}
