using Mgmt.Cli.FrontEnds.Yaml;

namespace Mgmt.Cli.Tests.Yaml;

/// <summary>
/// The YAML file's watcher: a file renamed into place or closed after writing is complete and ends the wait at
/// once, whatever the debounce; a file still open for writing is waited for until it stays quiet.
/// </summary>
public sealed class FileChangeWatcherTests : IDisposable
{
    private static readonly TimeSpan Forever = TimeSpan.FromMinutes(10);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-watch-test-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static CancellationTokenSource Timeout()
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(60));
        return cancel;
    }

    [Fact]
    public async Task A_file_renamed_into_place_ends_the_wait_without_the_debounce()
    {
        var file = PathOf("g.yaml");
        await File.WriteAllTextAsync(file, "a", TestContext.Current.CancellationToken);
        using var watcher = new FileChangeWatcher(file, TimeProvider.System, Forever);
        using var cancel = Timeout();
        var wait = watcher.WaitAsync(cancel.Token);
        await File.WriteAllTextAsync(file + ".tmp", "b", cancel.Token);
        Assert.False(wait.IsCompleted); // another name's events are not ours
        File.Move(file + ".tmp", file, overwrite: true);
        // With a ten-minute debounce, returning at all within the test's minute means it was not applied.
        await wait;
    }

    [Fact]
    public async Task A_file_closed_after_writing_ends_the_wait_without_the_debounce()
    {
        var file = PathOf("g.yaml");
        await File.WriteAllTextAsync(file, "a", TestContext.Current.CancellationToken);
        using var watcher = new FileChangeWatcher(file, TimeProvider.System, Forever);
        using var cancel = Timeout();
        var wait = watcher.WaitAsync(cancel.Token);
        await File.WriteAllTextAsync(file, "b", cancel.Token);
        await wait;
    }

    [Fact]
    public async Task A_file_still_open_for_writing_is_waited_for_until_it_is_quiet()
    {
        var file = PathOf("g.yaml");
        await File.WriteAllTextAsync(file, "a", TestContext.Current.CancellationToken);
        using var watcher = new FileChangeWatcher(file, TimeProvider.System, TimeSpan.FromMilliseconds(400));
        using var cancel = Timeout();
        await using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var wait = watcher.WaitAsync(cancel.Token);
        stream.Write("half"u8);
        stream.Flush();
        var started = DateTime.UtcNow;
        await wait;
        // The write was seen, and the wait lasted at least the quiet interval after it.
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(350), $"returned after {(DateTime.UtcNow - started).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_close_during_the_debounce_ends_it()
    {
        var file = PathOf("g.yaml");
        await File.WriteAllTextAsync(file, "a", TestContext.Current.CancellationToken);
        using var watcher = new FileChangeWatcher(file, TimeProvider.System, Forever);
        using var cancel = Timeout();
        var wait = watcher.WaitAsync(cancel.Token);
        var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write("half"u8);
        stream.Flush();
        await Task.Delay(200, cancel.Token);
        Assert.False(wait.IsCompleted);
        await stream.DisposeAsync();
        await wait;
    }

    [Fact]
    public async Task A_deleted_file_is_debounced_and_its_return_is_seen()
    {
        var file = PathOf("g.yaml");
        await File.WriteAllTextAsync(file, "a", TestContext.Current.CancellationToken);
        using var watcher = new FileChangeWatcher(file, TimeProvider.System, TimeSpan.FromMilliseconds(300));
        using var cancel = Timeout();
        var wait = watcher.WaitAsync(cancel.Token);
        File.Delete(file);
        await wait;
        wait = watcher.WaitAsync(cancel.Token);
        await File.WriteAllTextAsync(file, "b", cancel.Token);
        await wait;
    }

    [Fact]
    public void A_directory_that_does_not_exist_cannot_be_watched()
    {
        Assert.ThrowsAny<IOException>(() => new FileChangeWatcher(PathOf("missing/g.yaml"), TimeProvider.System, Forever));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
