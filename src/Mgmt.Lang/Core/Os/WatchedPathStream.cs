using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.OsFunctions;

/// <summary>
/// A stream that follows one host path (the first argument) with inotify and emits what <paramref name="read"/>
/// makes of it each time it may have changed: <c>os.readfile</c>, <c>os.file_exists</c>, <c>os.user_exists</c>.
/// Catchable read errors (a missing file) are emitted as errors, and the stream recovers when the file appears.
/// </summary>
internal sealed class WatchedPathStream(
    Func<IReadOnlyList<Value>, string> pathOf, Func<IReadOnlyList<Value>, string, CancellationToken, Task<Value>> read) : StreamNode
{
    protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
        StreamLoop.ForEachInputAsync(stream, cancel, async (args, token) =>
        {
            var path = pathOf(args);
            if (path.Length == 0) throw new FunctionException("an empty path cannot be watched; give an absolute file path");
            // Watch before reading, so a change between the read and the watch is not lost.
            using var watcher = PathWatchers.Create(path, Context);
            object? last = null;
            while (true)
            {
                object current;
                try
                {
                    current = await read(args, watcher.FullPath, token).ConfigureAwait(false);
                }
                catch (CatchableException e)
                {
                    current = e;
                }
                var same = (last, current) switch
                {
                    (Value a, Value b) => a.Equals(b),
                    (CatchableException a, CatchableException b) => a.Message == b.Message,
                    _ => false,
                };
                if (!same)
                {
                    if (current is Value v) await stream.EmitAsync(v).ConfigureAwait(false);
                    else await stream.EmitErrorAsync((CatchableException)current).ConfigureAwait(false);
                    last = current;
                }
                await watcher.WaitAsync(token).ConfigureAwait(false);
            }
        });

    /// <summary>A stream body whose answer needs no I/O worth awaiting.</summary>
    public static Func<IReadOnlyList<Value>, string, CancellationToken, Task<Value>> Sync(Func<IReadOnlyList<Value>, string, Value> read) =>
        (args, path, _) => Task.FromResult(read(args, path));

    /// <summary>The whole file as text; missing or unreadable files are catchable errors.</summary>
    public static async Task<Value> ReadTextAsync(IReadOnlyList<Value> args, string path, CancellationToken cancel)
    {
        try
        {
            return Value.Str(GoStrings.FromBytes(await File.ReadAllBytesAsync(path, cancel).ConfigureAwait(false)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CatchableException($"the file {path} does not exist");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CatchableException(Directory.Exists(path) ? $"{path} is a directory, not a file" : $"cannot read {path}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CatchableException($"cannot read {path}: {e.Message}");
        }
    }
}
