using System.Diagnostics;
using System.Text;
using Mgmt.Platform.Files;

namespace Mgmt.Platform.Tests;

public sealed class AtomicFileTests
{
    private static uint O(string octal) => Convert.ToUInt32(octal, 8);

    [Fact]
    public void NewFileGetsContentAndDefaultMode()
    {
        using var dir = new TempDir();
        AtomicFile.Write(dir["f"], "hello"u8);
        Assert.Equal("hello", File.ReadAllText(dir["f"]));
        Assert.Equal(O("666") & ~Posix.ReadUmask(), Posix.TryStat(dir["f"])!.Value.Permissions);
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ReplacingKeepsModeAndOwnerUnlessGiven()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["f"], "old");
        Posix.Chmod(dir["f"], O("604"));
        if (Posix.EffectiveUid == 0) Posix.Chown(dir["f"], 65534, 65534);

        AtomicFile.Write(dir["f"], "new content"u8, new AtomicWriteOptions { Durable = false });
        var s = Posix.TryStat(dir["f"])!.Value;
        Assert.Equal("new content", File.ReadAllText(dir["f"]));
        Assert.Equal(O("604"), s.Permissions);
        if (Posix.EffectiveUid == 0) Assert.Equal(65534u, s.Uid);

        AtomicFile.Write(dir["f"], "x"u8, new AtomicWriteOptions { Mode = O("4750") });
        Assert.Equal(O("4750"), Posix.TryStat(dir["f"])!.Value.Permissions);
    }

    [Fact]
    public void NewFilesGetTheirModeAndOwnerBeforeTheyAppear()
    {
        using var dir = new TempDir();
        var owner = Posix.EffectiveUid == 0 ? 65534u : (uint?)null;
        AtomicFile.Write(dir["f"], "x"u8, new AtomicWriteOptions { Mode = O("4711"), Uid = owner, Gid = owner });
        var s = Posix.TryStat(dir["f"])!.Value;
        Assert.Equal(O("4711"), s.Permissions);
        if (owner is not null) Assert.Equal(owner.Value, s.Uid);
        AtomicFile.Write(dir["g"], "y"u8, new AtomicWriteOptions { Mode = O("600"), Durable = true });
        Assert.Equal(O("600"), Posix.TryStat(dir["g"])!.Value.Permissions);
        Assert.Equal(["f", "g"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order().ToArray());
    }

    [Fact]
    public void CopyFromCopiesBytes()
    {
        using var dir = new TempDir();
        var data = new byte[300_000];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(dir["src"], data);
        AtomicFile.CopyFrom(dir["dst"], dir["src"]);
        Assert.Equal(data, File.ReadAllBytes(dir["dst"]));
    }

    [Fact]
    public void AFailedWriteLeavesTargetAndNoTemporaryFile()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["target"]);
        File.WriteAllText(dir["target/inside"], "x");
        // Renaming a file over a non-empty directory fails: the temporary file must be cleaned up.
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(dir["target"], "data"u8));
        Assert.Equal(["target"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).ToArray());
        Assert.Throws<FileNotFoundException>(() => AtomicFile.CopyFrom(dir["x"], dir["no-such-source"]));
        Assert.Equal(["target"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).ToArray());
    }

    [Fact]
    public async Task ReadersNeverSeeAPartialFile()
    {
        using var dir = new TempDir();
        var target = dir["f"];
        var a = Encoding.ASCII.GetBytes(new string('a', 200_000));
        var b = Encoding.ASCII.GetBytes(new string('b', 100_000));
        AtomicFile.Write(target, a);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var text = File.ReadAllText(target);
                Assert.True(text == new string('a', 200_000) || text == new string('b', 100_000), $"partial content of {text.Length} bytes");
                reads++;
            }
            return reads;
        });
        for (var i = 0; i < 200; i++) AtomicFile.Write(target, i % 2 == 0 ? b : a, new AtomicWriteOptions { Durable = false });
        await stop.CancelAsync();
        Assert.True(await reader > 0);
    }

    [Fact]
    public async Task AKilledWriterNeverLeavesAPartialTarget()
    {
        using var dir = new TempDir();
        var target = dir["f"];
        for (var round = 0; round < 5; round++)
        {
            using var writer = AtomicWriterProcess.Start(target);
            // Let it rewrite the file many times, then kill it at an arbitrary moment.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!File.Exists(target + ".count") && DateTime.UtcNow < deadline) await Task.Delay(10, TestContext.Current.CancellationToken);
            await Task.Delay(Random.Shared.Next(20, 120), TestContext.Current.CancellationToken);
            writer.Kill();
            await writer.WaitForExitAsync(TestContext.Current.CancellationToken);

            var text = File.ReadAllText(target);
            Assert.True(AtomicWriterProcess.IsComplete(text), $"round {round}: partial content of {text.Length} bytes");
        }
        // Temporary files of killed writers may remain, hidden and recognisable; never under the target's name.
        Assert.All(
            Directory.GetFiles(dir.Path).Select(Path.GetFileName),
            name => Assert.True(name is "f" or "f.count" || (name!.StartsWith(".f.", StringComparison.Ordinal) && name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)), name));
    }
}

/// <summary>
/// A child process that rewrites one file with AtomicFile in a loop until killed. The test executable runs
/// itself with <c>MGMT_TEST_ATOMIC_WRITER</c> set; the module initializer below then never returns to xunit.
/// </summary>
internal static class AtomicWriterProcess
{
    private const string Variable = "MGMT_TEST_ATOMIC_WRITER";
    private const int Size = 1 << 20;

    public static Process Start(string target)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(AtomicWriterProcess).Assembly.Location);
        }
        start.Environment[Variable] = target;
        return Process.Start(start)!;
    }

    /// <summary>Each version is one letter repeated over the whole size, then a newline.</summary>
    public static bool IsComplete(string text) =>
        text.Length == Size + 1 && text[^1] == '\n' && text.AsSpan(0, Size).IndexOfAnyExcept(text[0]) < 0;

#pragma warning disable CA2255 // a module initializer is how the test executable becomes the writer child
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunIfAsked()
    {
        var target = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(target)) return;
        var content = new byte[Size + 1];
        for (var i = 0L; ; i++)
        {
            content.AsSpan(0, Size).Fill((byte)('a' + i % 26));
            content[Size] = (byte)'\n';
            AtomicFile.Write(target, content, new AtomicWriteOptions { Durable = false });
            if (i == 0) File.WriteAllText(target + ".count", "started");
        }
    }
}
