using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Streams;

public sealed class FileStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-readfile-").FullName;
    private readonly TestFunctionContext _context = new();

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ReadfileRecoversWhenTheFileAppearsAndFollowsChanges()
    {
        var path = Path.Join(_dir, "sub", "dir", "file.txt");
        var stream = new TestFunctionStream();
        stream.Send(S(path));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("os.readfile", _context, stream, cts.Token, DataType.Str);

        var first = await stream.NextAsync();
        var missing = Assert.IsType<CatchableException>(first);
        Assert.Contains("does not exist", missing.Message);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "hello", TestContext.Current.CancellationToken);
        await stream.UntilAsync(x => x is StrValue { V: "hello" });

        await File.WriteAllTextAsync(path, "changed", TestContext.Current.CancellationToken);
        await stream.UntilAsync(x => x is StrValue { V: "changed" });

        File.Delete(path);
        await stream.UntilAsync(x => x is CatchableException);
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task ReadfileSwitchesFilesWhenTheArgumentChanges()
    {
        var a = Path.Join(_dir, "a");
        var b = Path.Join(_dir, "b");
        await File.WriteAllTextAsync(a, "A", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(b, "B", TestContext.Current.CancellationToken);
        var stream = new TestFunctionStream();
        stream.Send(S(a));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("os.readfile", _context, stream, cts.Token, DataType.Str);
        Assert.Equal(S("A"), await stream.NextValueAsync());
        stream.Send(S(b));
        Assert.Equal(S("B"), await stream.NextValueAsync());
        // The old file is no longer followed.
        await File.WriteAllTextAsync(a, "A2", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(b, "B2", TestContext.Current.CancellationToken);
        Assert.Equal(S("B2"), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task FileExistsFollowsCreationAndDeletion()
    {
        var path = Path.Join(_dir, "flag");
        var stream = new TestFunctionStream();
        stream.Send(S(path));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("os.file_exists", _context, stream, cts.Token, DataType.Str);
        Assert.Equal(B(false), await stream.NextValueAsync());
        await File.WriteAllTextAsync(path, "", TestContext.Current.CancellationToken);
        Assert.Equal(B(true), await stream.NextValueAsync());
        File.Delete(path);
        Assert.Equal(B(false), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task UserExistsReadsThePasswdFile()
    {
        var stream = new TestFunctionStream();
        stream.Send(S("root"));
        using var cts = new CancellationTokenSource();
        var (_, run) = Start("os.user_exists", _context, stream, cts.Token, DataType.Str);
        Assert.Equal(B(true), await stream.NextValueAsync());
        stream.Send(S("no-such-user-for-mgmt"));
        Assert.Equal(B(false), await stream.NextValueAsync());
        await StopAsync(cts, run);
    }

    [Fact]
    public async Task AnEmptyPathIsAnError()
    {
        var stream = new TestFunctionStream();
        stream.Send(S(""));
        var (_, run) = Start("os.readfile", _context, stream, TestContext.Current.CancellationToken, DataType.Str);
        await Assert.ThrowsAsync<FunctionException>(() => run);
    }
}
