using System.Text;

namespace Mgmt.Conformance;

/// <summary>One member of a txtar archive: its name and its exact bytes.</summary>
public sealed record TxtarFile(string Name, byte[] Data)
{
    /// <summary>The data decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>A parsed txtar archive: the free-form comment before the first member, then the members in order.</summary>
public sealed record TxtarArchive(byte[] Comment, IReadOnlyList<TxtarFile> Files)
{
    public string CommentText => Encoding.UTF8.GetString(Comment);

    /// <summary>The first member with this name, or null.</summary>
    public TxtarFile? Find(string name) => Files.FirstOrDefault(f => f.Name == name);
}

/// <summary>
/// Reader for the txtar format (golang.org/x/tools/txtar) used by the mcl conformance archives. Any input is
/// a valid archive. A member starts at a marker line <c>-- name --</c> found at the start of the data or right
/// after a <c>\n</c> (a <c>\r</c> before the <c>\n</c> is not part of the marker; the name is trimmed and
/// must not be empty). Each member's data runs to the next marker; non-empty data (and comment) that does
/// not end in <c>\n</c> gets one appended. Bytes are kept exactly otherwise.
/// </summary>
public static class Txtar
{
    private static readonly byte[] MarkerStart = "-- "u8.ToArray();
    private static readonly byte[] MarkerEnd = " --"u8.ToArray();

    public static TxtarArchive Parse(ReadOnlySpan<byte> data)
    {
        var (commentEnd, name, next) = FindMarker(data, 0);
        var files = new List<TxtarFile>();
        var comment = WithFinalNewline(data[..commentEnd]);
        while (name is not null)
        {
            var (bodyEnd, nextName, after) = FindMarker(data, next);
            files.Add(new TxtarFile(name, WithFinalNewline(data[next..bodyEnd])));
            name = nextName;
            next = after;
        }
        return new TxtarArchive(comment, files);
    }

    public static TxtarArchive Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    public static TxtarArchive Read(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>
    /// Finds the first marker line at or after <paramref name="from"/>: where it starts (the end of the data
    /// before it), its name (null when there is none; then the first value is the data length), and where
    /// the line after it starts.
    /// </summary>
    private static (int MarkerStart, string? Name, int After) FindMarker(ReadOnlySpan<byte> data, int from)
    {
        var i = from;
        while (true)
        {
            if (IsMarker(data[i..], out var name, out var lineLength)) return (i, name, i + lineLength);
            var next = data[i..].IndexOf("\n-- "u8);
            if (next < 0) return (data.Length, null, data.Length);
            i += next + 1;
        }
    }

    /// <summary>Whether <paramref name="data"/> starts with a marker line; <paramref name="lineLength"/> includes its newline.</summary>
    private static bool IsMarker(ReadOnlySpan<byte> data, out string? name, out int lineLength)
    {
        name = null;
        lineLength = data.Length;
        if (!data.StartsWith(MarkerStart)) return false;
        var line = data;
        var newline = data.IndexOf((byte)'\n');
        if (newline >= 0)
        {
            line = data[..newline];
            lineLength = newline + 1;
        }
        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        if (line.Length < MarkerStart.Length + MarkerEnd.Length || !line.EndsWith(MarkerEnd)) return false;
        var trimmed = Encoding.UTF8.GetString(line[MarkerStart.Length..^MarkerEnd.Length]).Trim();
        if (trimmed.Length == 0) return false;
        name = trimmed;
        return true;
    }

    private static byte[] WithFinalNewline(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data[^1] == '\n') return data.ToArray();
        var copy = new byte[data.Length + 1];
        data.CopyTo(copy);
        copy[^1] = (byte)'\n';
        return copy;
    }
}
