using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// The YAML front end: reads a graph from a file and, unless told not to watch, reads it again whenever the
/// file changes and yields the new graph. An unchanged file (same bytes) yields nothing; a file that is
/// briefly missing or invalid yields its errors, and the agent keeps the graph it runs.
/// </summary>
public sealed partial class YamlFrontEnd(string path) : IFrontEnd
{
    /// <summary>How long the file must stay quiet after a change before it is read again.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    public string Name => "yaml";

    public string Input => Path;

    /// <summary>The file, as the user named it (used in messages).</summary>
    public string Path { get; } = path;

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        var logger = context.Loggers.CreateLogger("yaml");
        // Start watching before the first read, so that a change between the read and the watch is not missed.
        using var watcher = context.Watch ? CreateWatcher(context, logger) : null;
        var (result, text) = await LoadAsync(context, cancel).ConfigureAwait(false);
        yield return result;
        if (watcher is null) yield break;

        var last = text;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await watcher.WaitAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                yield break;
            }
            (result, text) = await LoadAsync(context, cancel).ConfigureAwait(false);
            if (text is not null && text == last) continue;
            last = text;
            Log.Reloaded(logger, Path);
            yield return result;
        }
    }

    /// <summary>Reads and parses the file once. Returns the text read, or null when it could not be read.</summary>
    public async Task<(FrontEndResult Result, string? Text)> LoadAsync(FrontEndContext context, CancellationToken cancel)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(Path, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (FrontEndResult.Failed([SourceDiagnostic.ForFile(Path, "there is no such file; check the path")]), null);
        }
        catch (UnauthorizedAccessException)
        {
            return (FrontEndResult.Failed([SourceDiagnostic.ForFile(Path, "the file cannot be read (permission denied)")]), null);
        }
        catch (IOException e)
        {
            return (FrontEndResult.Failed([SourceDiagnostic.ForFile(Path, $"the file cannot be read: {e.Message}")]), null);
        }
        return (new YamlGraphReader(context.Registry, Path).Read(text), text);
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

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "cannot watch {Path} for changes ({Reason}); edits will not be applied until restart")]
        public static partial void CannotWatch(ILogger logger, string path, string reason);
    }
}
