using System.Runtime.CompilerServices;
using Mgmt.World;
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

    /// <summary>The file, as the user named it (used in messages).</summary>
    public string Path { get; } = path;

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        var logger = context.Loggers.CreateLogger("yaml");
        var world = context.Services.GetService(typeof(IWorld)) as IExportWorld;
        // Start watching before the first read, so that a change between the read and the watch is not missed.
        using var watcher = context.Watch ? CreateWatcher(context, logger) : null;
        var loaded = await LoadAsync(context, cancel).ConfigureAwait(false);
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
        var lastText = loaded.Text;
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
            if (loaded.Text is not null && loaded.Text == lastText) continue;
            lastText = loaded.Text;
            Log.Reloaded(logger, Path);
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

    /// <summary>One read of the file: the result, the text (null when unreadable), what it collects and its warnings.</summary>
    internal sealed record Loaded(FrontEndResult Result, string? Text, IReadOnlyList<YamlCollect> Collects, IReadOnlyList<SourceDiagnostic> Warnings);

    /// <summary>Reads and parses the file once.</summary>
    internal async Task<Loaded> LoadAsync(FrontEndContext context, CancellationToken cancel)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(Path, cancel).ConfigureAwait(false);
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
        var reader = new YamlGraphReader(context.Registry, Path);
        var result = reader.Read(text);
        return new Loaded(result, text, reader.Collects, reader.Warnings);
    }

    private Loaded Failed(string message) => new(FrontEndResult.Failed([SourceDiagnostic.ForFile(Path, message)]), null, [], []);

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

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Warning}")]
        public static partial void Warning(ILogger logger, string warning);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "cannot watch {Path} for changes ({Reason}); edits will not be applied until restart")]
        public static partial void CannotWatch(ILogger logger, string path, string reason);
    }
}
