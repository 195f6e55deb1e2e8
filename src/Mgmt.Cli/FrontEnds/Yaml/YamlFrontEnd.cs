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
    /// <summary>
    /// How long the file must stay quiet after a change that may be unfinished (a write not yet closed, a deletion)
    /// before it is read again. A file renamed into place or closed after writing is read at once.
    /// </summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    public string Name => "yaml";

    public string Input => Path;

    /// <summary>The file, as the user named it (used in messages).</summary>
    public string Path { get; } = path;

    // The resources of the last good read, by the digest of their text: an edit hands the unchanged ones over again
    // as the same objects. Kept across reads that fail, so that the read after a broken edit still finds them.
    private ReusableResources? _reusable;

    // Where the items of the last good read lie, so that an edit re-reads only the items it touched (null when the
    // file cannot be read in pieces, see YamlReadState); the text of the last read, good or not, to skip a rewrite
    // of the same text; and the last good graph, to say what a whole read changed.
    private YamlReadState? _state;
    private string? _lastText;
    // True when the last read was good and its text is the state's (then _lastText is not kept: the next read is
    // compared with the state's bytes instead).
    private bool _lastIsState;
    private string? _whyWhole;
    private TimeSpan _readTime;
    private string? _whyNoState;
    private Engine.Graph.ResourceGraph? _lastGraph;

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
            var started = context.Time.GetTimestamp();
            var reloaded = await LoadAsync(context, cancel).ConfigureAwait(false);
            if (reloaded.Unchanged) continue;
            loaded = reloaded;
            Log.Reloaded(logger, Path);
            if (loaded.Result.Graph is { } reread)
            {
                Log.Reused(logger, reread.VertexCount, loaded.Reused, loaded.InPart ? "the edited items" : $"the whole file ({loaded.WhyWhole})",
                    context.Time.GetElapsedTime(started).TotalMilliseconds);
                if (loaded.Stages is { } stages) Log.Stages(logger, stages);
                if (loaded.Change is { } change) Log.Changed(logger, change.Added.Count, change.Removed.Count, change.Replaced.Count, change.EdgesChanged);
            }
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
    /// new set of exports), what it collects and its warnings.
    /// </summary>
    internal sealed record Loaded(FrontEndResult Result, string? Text, IReadOnlyList<YamlCollect> Collects, IReadOnlyList<SourceDiagnostic> Warnings)
    {
        /// <summary>How many resources of this read are the objects of the last good read (their text unchanged).</summary>
        public int Reused { get; init; }

        /// <summary>True when the file holds the same text as at the last read (watching only): nothing to yield.</summary>
        public bool Unchanged { get; init; }

        /// <summary>True when only the edited items were parsed (the rest of the graph is the last one's).</summary>
        public bool InPart { get; init; }

        /// <summary>True when the graph was derived from the last good one (<see cref="Engine.Graph.ResourceGraph.Derive"/>).</summary>
        public bool Derived { get; init; }

        /// <summary>How long the stages of a read in part took (for the debug log).</summary>
        public string? Stages { get; init; }

        /// <summary>When watching and read whole: why the edit could not be read in part.</summary>
        public string? WhyWhole { get; init; }

        /// <summary>What changed relative to the last good graph; null for the first graph, or when the read failed.</summary>
        public GraphChange? Change { get; init; }
    }

    /// <summary>Reads and parses the file once; <paramref name="first"/> for the agent's first graph.</summary>
    internal async Task<Loaded> LoadAsync(FrontEndContext context, CancellationToken cancel, bool first = false)
    {
        int length;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            (_buffer, length) = await ReadCappedAsync(Path, InputLimits.MaxYamlGraphBytes + 1, _buffer, cancel).ConfigureAwait(false);
            _readTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
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
        var large = first && length >= LargeInput;
        var loaded = Parse(_buffer.AsSpan(0, length), context);
        if (!context.Watch || large) _buffer = []; // not needed again: its memory goes with the parse's
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

    // The file's bytes are read into this buffer, kept from one read to the next while watching: an edit of a large
    // file then allocates nothing in proportion to it (a new array of megabytes per edit would land in the large
    // object heap and bring on full collections).
    private byte[] _buffer = [];

    /// <summary>The size from which the first read is followed by a full collection (about 10,000 resources).</summary>
    private const int LargeInput = 1 << 20;

    // Apart from LoadAsync, so that nothing of the parse (text, document tree, reader) is still referenced from
    // its frame when the collection runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Loaded Parse(ReadOnlySpan<byte> bytes, FrontEndContext context)
    {
        var begun = System.Diagnostics.Stopwatch.GetTimestamp();
        // What the text is in UTF-8, as the read state keeps it (a byte order mark is not part of it).
        var utf8 = bytes.StartsWith(System.Text.Encoding.UTF8.Preamble) ? bytes[System.Text.Encoding.UTF8.Preamble.Length..] : bytes;
        if (context.Watch && _state is not null && _lastIsState && bytes.Length <= InputLimits.MaxYamlGraphBytes)
        {
            // The last read was the state's text: compared and decoded only where the file changed, the whole text
            // is never decoded (bytes that are not UTF-8 can only be in the changed part, where the edit's read
            // refuses them, and the whole read then reports them).
            if (utf8.SequenceEqual(_state.Bytes)) return Unchanged;
            var compared = System.Diagnostics.Stopwatch.GetTimestamp();
            var stages = $"file read {_readTime.TotalMilliseconds:0.###} ms, compared whole with the last text in {System.Diagnostics.Stopwatch.GetElapsedTime(begun, compared).TotalMilliseconds:0.###} ms";
            if (ReadEdit(_state, utf8, context, stages) is { } edited) return edited;
        }
        // Invalid UTF-8 is refused where it is, never replaced: the graph would not be the one in the file.
        if (!SourceDecoder.TryDecode(bytes, InputLimits.MaxYamlGraphBytes, out var text, out var problem))
        {
            _lastText = null;
            _lastIsState = false;
            return new Loaded(FrontEndResult.Failed([new SourceDiagnostic(Path, problem!.Line, problem.Column, problem.Message)]), null, [], []);
        }
        var decoded = System.Diagnostics.Stopwatch.GetTimestamp();
        if (context.Watch)
        {
            // After a failed read (or without a state): the same text again is nothing to do.
            if (!_lastIsState && _lastText is not null && string.Equals(text, _lastText, StringComparison.Ordinal)) return Unchanged;
            var tried = _state is not null && _lastIsState;
            _lastText = text;
            _lastIsState = false;
            var stages = $"file read {_readTime.TotalMilliseconds:0.###} ms, decoded in {System.Diagnostics.Stopwatch.GetElapsedTime(begun, decoded).TotalMilliseconds:0.###} ms, " +
                $"compared whole with the last text in {System.Diagnostics.Stopwatch.GetElapsedTime(decoded).TotalMilliseconds:0.###} ms";
            if (!tried && _state is not null && ReadEdit(_state, utf8, context, stages) is { } edited) return edited;
        }
        var whyWhole = _state is null ? $"the last good read cannot be read in pieces: {_whyNoState ?? "none yet"}" : _whyWhole;
        var reader = new YamlGraphReader(context.Registry, Path, _reusable, remember: context.Watch);
        var result = reader.Read(text);
        if (reader.Reusable is { } reusable) _reusable = reusable;
        GraphChange? change = null;
        if (result.Graph is { } graph && context.Watch)
        {
            // A failed read keeps the last good one's state: the next edit is compared with the graph that runs.
            _state = reader.State;
            _whyNoState = reader.WhyNoState;
            if (_lastGraph is not null) change = GraphChange.Between(_lastGraph, graph);
            _lastGraph = graph;
            // The state holds this text: the next read is compared with it, in bytes.
            if (_state is not null) (_lastText, _lastIsState) = (null, true);
        }
        return new Loaded(result, reader.Collects.Count > 0 ? text : null, reader.Collects, reader.Warnings) { Reused = reader.ReusedCount, Change = change, WhyWhole = whyWhole };
    }

    // Never yielded: the caller skips it.
    private static readonly Loaded Unchanged = new(FrontEndResult.Done, null, [], []) { Unchanged = true };

    // An edit read in part, or null when it must be read whole (the state is then as before).
    private Loaded? ReadEdit(YamlReadState state, ReadOnlySpan<byte> text, FrontEndContext context, string stages)
    {
        var reader = new YamlGraphReader(context.Registry, Path, _reusable, remember: true);
        // The graph last yielded is the state's graph: the new one is derived from it, so that the engine swaps from
        // the change record (work in proportion to the edit, not to the graph).
        if (reader.ReadEdit(state, text, out var change, _lastGraph) is not { Graph: { } graph } result)
        {
            _whyWhole = reader.WhyWhole;
            return null;
        }
        _lastGraph = graph;
        (_lastText, _lastIsState) = (null, true);
        return new Loaded(result, null, [], []) { Reused = reader.ReusedCount, Change = change, InPart = true, Derived = reader.Derived,
            Stages = $"{stages}; {reader.Stages}{(reader.Derived ? ", derived from the last graph" : ", built whole")}" };
    }

    private Loaded Failed(string message)
    {
        (_lastText, _lastIsState) = (null, false);
        return new(FrontEndResult.Failed([SourceDiagnostic.ForFile(Path, message)]), null, [], []);
    }

    // At most `cap` bytes, into `buffer` when it is large enough (else a larger one): the buffer and how much it holds.
    // A file past the size limit is refused without reading all of it.
    private static async Task<(byte[] Buffer, int Length)> ReadCappedAsync(string path, int cap, byte[] buffer, CancellationToken cancel)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
        // One byte more than the file's length, so that a file that has grown since is seen without a second buffer.
        var wanted = (int)Math.Min(cap, Math.Max(stream.Length + 1, 4096));
        if (buffer.Length < wanted) buffer = new byte[wanted];
        var total = 0;
        int read;
        while (total < cap)
        {
            if (total == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(cap, (long)buffer.Length * 2));
            if ((read = await stream.ReadAsync(buffer.AsMemory(total), cancel).ConfigureAwait(false)) == 0) break;
            total += read;
        }
        return (buffer, total);
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

        [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "the new graph has {Count} resources, {Reused} of them unchanged (the same objects as before); read {What} in {Ms:0.###} ms")]
        public static partial void Reused(ILogger logger, int count, int reused, string what, double ms);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "the edit's read: {Stages}")]
        public static partial void Stages(ILogger logger, string stages);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "graph change: {Added} added, {Removed} removed, {Replaced} replaced, edges changed: {Edges}")]
        public static partial void Changed(ILogger logger, int added, int removed, int replaced, bool edges);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Warning}")]
        public static partial void Warning(ILogger logger, string warning);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "cannot watch {Path} for changes ({Reason}); edits will not be applied until restart")]
        public static partial void CannotWatch(ILogger logger, string path, string reason);
    }
}
