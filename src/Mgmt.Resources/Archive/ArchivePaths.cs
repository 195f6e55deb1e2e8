using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>The path rules and automatic edges that <c>gzip</c> and <c>tar</c> share.</summary>
internal static class ArchivePaths
{
    /// <summary>The output: an absolute path of a file (no trailing slash).</summary>
    public static void ValidateOutput(string path) => ValidateFile(path, "path");

    /// <summary>An absolute path of a file: not empty, starting with a slash, not ending with one.</summary>
    public static void ValidateFile(string path, string what)
    {
        if (path.Length == 0) throw new ResourceValidationException($"{what} is empty: give an absolute file path");
        if (!path.StartsWith('/')) throw new ResourceValidationException($"{what} '{path}' must be an absolute path (starting with /)");
        if (path.EndsWith('/')) throw new ResourceValidationException($"{what} '{path}' ends with a slash, but it must name a file, not a directory");
    }

    /// <summary>Edges from each input's file resource, and from the nearest managed directory above the output.</summary>
    public static IEnumerable<AutoEdgeSeek> Edges(string output, IEnumerable<string> inputs)
    {
        var seeks = new List<AutoEdgeSeek>();
        foreach (var input in inputs.Where(i => i.StartsWith('/')))
        {
            seeks.Add(new AutoEdgeSeek([new ResourceUid("file", input)], StopWhenFound: false));
        }
        if (output.StartsWith('/'))
        {
            foreach (var ancestor in PathText.Ancestors(PathText.Clean(output))) seeks.Add(new AutoEdgeSeek([new ResourceUid("file", ancestor)]));
        }
        return seeks;
    }
}

internal static partial class ArchiveLog
{
    [LoggerMessage(EventId = 6911, Level = LogLevel.Information, Message = "wrote the {What} {Path}")]
    public static partial void Wrote(ILogger logger, string what, string path);
}
