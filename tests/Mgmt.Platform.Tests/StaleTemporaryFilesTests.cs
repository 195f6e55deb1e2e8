using System.Diagnostics;
using Mgmt.Platform.Files;

namespace Mgmt.Platform.Tests;

public sealed class StaleTemporaryFilesTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void The_leftovers_of_a_path_are_removed_and_nothing_else()
    {
        var target = _dir["f"];
        File.WriteAllText(target, "x");
        var mine = _dir[".f.0123456789ab.mgmt-tmp"];
        var another = _dir[".f.ba9876543210.mgmt-tmp"];
        var someoneElse = _dir[".g.0123456789ab.mgmt-tmp"];
        var notOurs = _dir[".f.tmp"];
        foreach (var p in new[] { mine, another, someoneElse, notOurs }) File.WriteAllText(p, "partial");

        var removed = new StaleTemporaryFiles().RemoveFor(target);

        Assert.Equal([mine, another], removed.Order(StringComparer.Ordinal));
        Assert.False(File.Exists(mine));
        Assert.False(File.Exists(another));
        Assert.True(File.Exists(someoneElse));
        Assert.True(File.Exists(notOurs));
        Assert.True(File.Exists(target));
    }

    [Fact]
    public async Task A_temporary_file_still_held_by_a_live_writer_is_kept_until_that_writer_dies()
    {
        var target = _dir["f"];
        var temporary = _dir[".f.00112233aabb.mgmt-tmp"];
        File.WriteAllText(temporary, "partial");
        // A writer in another process holds the lock, as AtomicFile does while it writes: flock(1) takes the same lock
        // (-o: flock itself holds it, not its child, so that the lock goes with flock).
        using var writer = Process.Start(new ProcessStartInfo("flock", ["-x", "-o", temporary, "sleep", "60"]) { UseShellExecute = false })!;
        await WaitUntilLocked(temporary);

        Assert.Empty(new StaleTemporaryFiles().RemoveFor(target));
        Assert.True(File.Exists(temporary));

        writer.Kill(entireProcessTree: true);
        await writer.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal([temporary], new StaleTemporaryFiles().RemoveFor(target));
        Assert.False(File.Exists(temporary));
    }

    [Fact]
    public void A_temporary_file_open_for_writing_in_this_process_is_kept()
    {
        // A second open with FileShare.None is what the sweeper tries; it must fail while a write is under way,
        // opened as AtomicFile opens its temporary file.
        var temporary = AtomicFile.TemporaryPathFor(_dir["f"]);
        using (File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            Assert.Empty(new StaleTemporaryFiles().RemoveFor(_dir["f"]));
            Assert.True(File.Exists(temporary));
        }
        Assert.Single(new StaleTemporaryFiles().RemoveFor(_dir["f"]));
    }

    [Fact]
    public void A_directory_is_listed_once_per_instance()
    {
        var sweeper = new StaleTemporaryFiles();
        Assert.Empty(sweeper.RemoveFor(_dir["f"]));
        // Made after the listing: leftovers come from processes that died before this one, so it is not looked for.
        File.WriteAllText(_dir[".f.0123456789ab.mgmt-tmp"], "partial");
        Assert.Empty(sweeper.RemoveFor(_dir["f"]));
    }

    private static async Task WaitUntilLocked(string path)
    {
        for (var i = 0; i < 500; i++)
        {
            try
            {
                using (File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.None))
                {
                }
            }
            catch (IOException)
            {
                return;
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.Fail("flock never took the lock");
    }

    public void Dispose() => _dir.Dispose();
}
