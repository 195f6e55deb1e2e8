using Mgmt.Engine.Changes;

namespace Mgmt.Resources;

// What a content change looks like in the change report: a diff of the old and new bytes, unless the file is too
// large to read for that (then its sizes) or sensitive (the report hides it).
public sealed partial class FileResource
{
    private void ReportContent(string what, string path, long? oldSize, ReadOnlySpan<byte> wanted)
    {
        if (oldSize > UnifiedDiff.MaxInputBytes || wanted.Length > UnifiedDiff.MaxInputBytes)
        {
            Context.Changes.Set(what, oldSize is { } n ? $"{n} bytes" : null, $"{wanted.Length} bytes");
            return;
        }
        Context.Changes.Content(what, oldSize is null ? null : ReadSmall(path), wanted.ToArray(), Sensitive);
        ReportModeOfWrite(path, oldSize);
    }

    private void ReportContent(string what, string path, long? oldSize, string source, long sourceSize)
    {
        if (oldSize > UnifiedDiff.MaxInputBytes || sourceSize > UnifiedDiff.MaxInputBytes)
        {
            Context.Changes.Set(what, oldSize is { } n ? $"{n} bytes" : null, $"{sourceSize} bytes from {source}");
            return;
        }
        Context.Changes.Content(what, oldSize is null ? null : ReadSmall(path), ReadSmall(source), Sensitive);
        ReportModeOfWrite(path, oldSize);
    }

    /// <summary>
    /// A write replaces the file with one that already has the wanted mode, so the mode step finds nothing left to
    /// do: report the mode here, as the mode step does in noop (the report keeps one of two identical lines).
    /// </summary>
    private void ReportModeOfWrite(string path, long? oldSize)
    {
        if (oldSize is null || OctalMode is not { } wanted || Mgmt.Platform.Files.Posix.TryStat(path) is not { } status) return;
        if (status.Permissions != wanted)
        {
            Context.Changes.Set("mode", Mgmt.Platform.Files.PermissionMode.Format(status.Permissions), Mgmt.Platform.Files.PermissionMode.Format(wanted));
        }
    }

    /// <summary>The bytes of a file known to be small; empty when it vanished meanwhile (the write will tell).</summary>
    private static byte[] ReadSmall(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
