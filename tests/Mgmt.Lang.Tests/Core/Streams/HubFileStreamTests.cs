using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using Mgmt.Platform.Watching;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Streams;

/// <summary>The file streams on the host's shared inotify hub, as the agent runs them.</summary>
public sealed class HubFileStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-hub-").FullName;
    private readonly InotifyHub _hub = new();
    private readonly TestFunctionContext _context;

    public HubFileStreamTests() => _context = new TestFunctionContext { Services = new HubServices(_hub) };

    public void Dispose()
    {
        _context.Dispose();
        _hub.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ReadfileOnTheHubRecoversWhenTheFileAppears()
    {
        var path = Path.Join(_dir, "later", "file");
        var stream = new TestFunctionStream();
        stream.Send(S(path));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("os.readfile", _context, stream, cts.Token, DataType.Str);
        Assert.IsType<CatchableException>(await stream.NextAsync());
        Assert.True(_hub.KernelWatchCount > 0);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "made", TestContext.Current.CancellationToken);
        await stream.UntilAsync(x => x is StrValue { V: "made" });
        await File.WriteAllTextAsync(path, "edited", TestContext.Current.CancellationToken);
        await stream.UntilAsync(x => x is StrValue { V: "edited" });
        await StopAsync(cts, run);
    }

    private sealed class HubServices(InotifyHub hub) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(InotifyHub) ? hub : null;
    }
}
