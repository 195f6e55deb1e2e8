using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.FileResources;

/// <summary>Shared set-up of the file resource tests: a temp directory and quick ways to build and run resources.</summary>
public abstract class FileTestBase : IDisposable
{
    protected TempDirectory Dir { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static uint O(string octal) => Convert.ToUInt32(octal, 8);

    protected static uint ModeOf(string path) => Posix.TryStat(path)!.Value.Permissions;

    protected static FileResource File(string path, Action<FileResource>? configure = null)
    {
        var r = new FileResource { Name = path };
        configure?.Invoke(r);
        return r;
    }

    /// <summary>Validates, initializes and runs CheckApply once (no watch).</summary>
    protected static async Task<bool> ApplyOnce(FileResource r, bool apply = true, TestResourceContext? context = null)
    {
        await using var h = await ResourceHarness<FileResource>.StartAsync(r, context, watch: false);
        return await h.CheckApplyAsync(apply);
    }

    /// <summary>Runs CheckApply and asserts it changed something, then that a second run finds nothing to do.</summary>
    protected static async Task ApplyAndSettle(FileResource r, TestResourceContext? context = null)
    {
        await using var h = await ResourceHarness<FileResource>.StartAsync(r, context, watch: false);
        Assert.False(await h.CheckApplyAsync(), "the first run should have changed something");
        Assert.True(await h.CheckApplyAsync(), "the second run should find nothing to do");
    }

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
