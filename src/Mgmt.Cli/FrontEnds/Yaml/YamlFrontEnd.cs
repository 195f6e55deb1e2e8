using System.Runtime.CompilerServices;
using Mgmt.World;
using Mgmt.Lang.Syntax.Limits;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// The YAML front end: reads a graph from a file and, unless told not to watch, reads it again whenever the
/// file changes and yields the new graph. An unchanged file (same bytes) yields nothing; a file that is
/// briefly missing or invalid yields its errors, and the agent keeps the graph it runs. A graph that collects
/// exported resources (<c>collect:</c>) also follows the world: each change of what is exported yields a new graph.
/// </summary>
public sealed partial class YamlFrontEnd(string path) : IFrontEnd
{
    /// <summary>How long the file must stay quiet after a change before it is read again.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    public string Name => "yaml";

    public string Input => Path;

    /// <summary>The file, as the user named it (used in messages).</summary>
    public string Path { get; } = path;

    // The resources of the last good read, by the digest of their text: an edit hands the unchanged ones over again
    // as the same objects. Kept across reads that fail, so that the read after a broken edit still finds them.
    private ReusableResources? _reusable;

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        var logger = context.Loggers.CreateLogger("yaml");
        var world = context.Services.GetService(typeof(IWorld)) as IExportWorld;
        // Start watching before the first read, so that a change between the read and the watch is not missed.
        using var watcher = context.Watch ? CreateWatcher(context, logger) : null;
        var loaded = await LoadAsync(context, cancel, first: true).ConfigureAwait(false);
        Warn(loaded, logger);
        if (watcher is null)
        {
            // One graph: with what is exported now, when the file collects.
            var now = loaded.Collects.Count > 0 && world is not null
                ? await world.CollectAsync(ExportFilter.All, cancel).ConfigureAwait(false)
                : [];
            yield return Compose(context, loaded, now, logger);
            yield break;
        }

        await using var exports = new ExportFeed(world);
        IReadOnlyList<ExportedResource> collected = [];
        yield return Compose(context, loaded, collected, logger);
        var lastDigest = loaded.Digest;
        while (!cancel.IsCancellationRequested)
        {
            if (loaded.Collects.Count > 0) exports.Start(cancel);
            var fileChanged = watcher.WaitAsync(cancel);
            var next = exports.NextAsync();
            try
            {
                await Task.WhenAny(fileChanged, next).ConfigureAwait(false);
                if (fileChanged.IsCompleted) await fileChanged.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                yield break;
            }
            if (next.IsCompletedSuccessfully && next.Result is { } snapshot)
            {
                exports.Consumed();
                collected = snapshot;
                if (loaded.Collects.Count > 0) yield return Compose(context, loaded, collected, logger);
                continue;
            }
            loaded = await LoadAsync(context, cancel).ConfigureAwait(false);
            if (loaded.Digest is not null && lastDigest is not null && loaded.Digest.AsSpan().SequenceEqual(lastDigest)) continue;
            lastDigest = loaded.Digest;
            Log.Reloaded(logger, Path);
            if (loaded.Result.Graph is { } reread) Log.Reused(logger, reread.VertexCount, loaded.Reused);
            Warn(loaded, logger);
            yield return Compose(context, loaded, collected, logger);
        }
    }

    /// <summary>The file's graph with the collected resources added (a fresh read, so each graph is new).</summary>
    private FrontEndResult Compose(FrontEndContext context, Loaded loaded, IReadOnlyList<ExportedResource> collected, ILogger logger)
    {
        if (loaded.Collects.Count == 0 || loaded.Result.Graph is null || loaded.Text is null) return loaded.Result;
        var reader = new YamlGraphReader(context.Registry, Path);
        var result = reader.Read(loaded.Text);
        if (result.Graph is { } graph) YamlCollection.Merge(graph, reader.Collects, collected, context.Registry, logger);
        return result;
    }

    private void Warn(Loaded loaded, ILogger logger)
    {
        foreach (var warning in loaded.Warnings) Log.Warning(logger, warning.ToString());
    }

    /// <summary>
    /// One read of the file: the result, the text (kept only when the file collects, to read it again with each
    /// new set of exports: a graph of 100,000 resources is a text of several megabytes), the SHA-256 of its
    /// bytes (to skip a rewrite of the same bytes; both null when unreadable), what it collects and its warnings.
    /// </summary>
    internal sealed record Loaded(FrontEndResult Result, string? Text, byte[]? Digest, IReadOnlyList<YamlCollect> Collects, IReadOnlyList<SourceDiagnostic> Warnings)
    {
        /// <summary>How many resources of this read are the objects of the last good read (their text unchanged).</summary>
        public int Reused { get; init; }
    }

    /// <summary>Reads and parses the file once; <paramref name="first"/> for the agent's first graph.</summary>
    internal async Task<Loaded> LoadAsync(FrontEndContext context, CancellationToken cancel, bool first = false)
    {
        byte[] bytes;
        try
        {
            bytes = await ReadCappedAsync(Path, InputLimits.MaxYamlGraphBytes + 1, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed("there is no such file; check the path");
        }
        catch (UnauthorizedAccessException)
        {
            return Failed("the file cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            return Failed($"the file cannot be read: {e.Message}");
        }
        var large = first && bytes.Length >= LargeInput;
        var loaded = Parse(bytes, context);
        if (large)
        {
            // The document tree of a large file (several hundred bytes a resource, plus the text twice) is garbage
            // now, but it lived through the parse and sits in the oldest generation, which the GC seldom visits:
            // without this it would still be there while the engine builds 100,000 vertices, and the agent's
            // peak memory would hold both. Only before the first graph, when the agent's memory peaks: on a reload
            // the running graph is there anyway, and a full collection of its heap (with the decommit and the
            // recommit that follow an aggressive one) cost seconds per edit at 10,000 resources (B13).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        return loaded;
    }

    /// <summary>The size from which the first read is followed by a full collection (about 10,000 resources).</summary>
    private const int LargeInput = 1 << 20;

    // Apart from LoadAsync, so that nothing of the parse (text, document tree, reader) is still referenced from
    // its frame when the collection runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Loaded Parse(byte[] bytes, FrontEndContext context)
    {
        // Invalid UTF-8 is refused where it is, never replaced: the graph would not be the one in the file.
        if (!SourceDecoder.TryDecode(bytes, InputLimits.MaxYamlGraphBytes, out var text, out var problem))
        {
            return new Loaded(FrontEndResult.Failed([new SourceDiagnostic(Path, problem!.Line, problem.Column, problem.Message)]), null, null, [], []);
        }
        var reader = new YamlGraphReader(context.Registry, Path, _reusable, remember: context.Watch);
        var result = reader.Read(text);
        if (reader.Reusable is { } reusable) _reusable = reusable;
        var digest = System.Security.Cryptography.SHA256.HashData(bytes);
        return new Loaded(result, reader.Collects.Count > 0 ? text : null, digest, reader.Collects, reader.Warnings) { Reused = reader.ReusedCount };
    }

    private Loaded Failed(string message) => new(FrontEndResult.Failed([SourceDiagnostic.ForFile(Path, message)]), null, null, [], []);

    // At most `cap` bytes: a file past the size limit is refused without reading all of it.
    private static async Task<byte[]> ReadCappedAsync(string path, int cap, CancellationToken cancel)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
        var buffer = new byte[(int)Math.Min(cap, Math.Max(stream.Length, 4096))];
        var total = 0;
        int read;
        while (total < cap)
        {
            if (total == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(cap, (long)buffer.Length * 2));
            if ((read = await stream.ReadAsync(buffer.AsMemory(total), cancel).ConfigureAwait(false)) == 0) break;
            total += read;
        }
        return buffer[..total];
    }

    private FileChangeWatcher? CreateWatcher(FrontEndContext context, ILogger logger)
    {
        try
        {
            return new FileChangeWatcher(Path, context.Time, Debounce);
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
        {
            // The directory does not exist (the read reports the missing file) or cannot be watched.
            Log.CannotWatch(logger, Path, e.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Path} changed: loading the new graph")]
        public static partial void Reloaded(ILogger logger, string path);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "the new graph has {Count} resources, {Reused} of them unchanged (the same objects as before)")]
        public static partial void Reused(ILogger logger, int count, int reused);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Warning}")]
        public static partial void Warning(ILogger logger, string warning);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "cannot watch {Path} for changes ({Reason}); edits will not be applied until restart")]
        public static partial void CannotWatch(ILogger logger, string path, string reason);
    }
}
