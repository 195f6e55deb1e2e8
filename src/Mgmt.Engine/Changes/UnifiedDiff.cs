using System.Security.Cryptography;
using System.Text;
using DiffPlex;

namespace Mgmt.Engine.Changes;

/// <summary>
/// Renders two versions of some content as a unified diff (as <c>diff -u</c> prints it), bounded so that a log never
/// drowns: binary or very large content is described by its sizes and hashes instead, and a long diff is cut.
/// </summary>
public static class UnifiedDiff
{
    /// <summary>Content larger than this is not diffed.</summary>
    public const int MaxInputBytes = 1 << 20;

    /// <summary>At most this many diff lines are shown; the rest is counted.</summary>
    public const int MaxLines = 200;

    private const int Context = 3;

    /// <summary>The diff of <paramref name="before"/> and <paramref name="after"/> (null: did not exist / is removed).</summary>
    public static string Create(string name, ReadOnlySpan<byte> before, bool existedBefore, ReadOnlySpan<byte> after, bool existsAfter)
    {
        if (before.Length > MaxInputBytes || after.Length > MaxInputBytes)
        {
            return $"(not diffed: larger than {MaxInputBytes / 1024} KiB; {Describe(before, existedBefore)} -> {Describe(after, existsAfter)})";
        }
        if (!IsText(before) || !IsText(after))
        {
            return $"(binary content; {Describe(before, existedBefore)} -> {Describe(after, existsAfter)})";
        }
        var oldText = Encoding.UTF8.GetString(before);
        var newText = Encoding.UTF8.GetString(after);
        return Create(name, oldText, existedBefore, newText, existsAfter);
    }

    /// <summary>The diff of two texts.</summary>
    public static string Create(string name, string oldText, bool existedBefore, string newText, bool existsAfter)
    {
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var oldLines = SplitLines(oldText);
        var newLines = SplitLines(newText);
        var output = new StringBuilder();
        output.Append("--- ").Append(existedBefore ? name : "/dev/null").Append('\n');
        output.Append("+++ ").Append(existsAfter ? name : "/dev/null").Append('\n');
        var shown = 0;
        var cut = 0;
        var blocks = result.DiffBlocks;
        var i = 0;
        while (i < blocks.Count)
        {
            // A hunk: this block and every following one whose context would touch it.
            var j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA) <= 2 * Context) j++;
            var oldStart = Math.Max(0, blocks[i].DeleteStartA - Context);
            var newStart = Math.Max(0, blocks[i].InsertStartB - Context);
            var oldEnd = Math.Min(oldLines.Length, blocks[j].DeleteStartA + blocks[j].DeleteCountA + Context);
            var newEnd = Math.Min(newLines.Length, blocks[j].InsertStartB + blocks[j].InsertCountB + Context);
            var hunk = new List<string>();
            var o = oldStart;
            for (var k = i; k <= j; k++)
            {
                var b = blocks[k];
                for (; o < b.DeleteStartA; o++) hunk.Add(" " + oldLines[o]);
                for (var d = 0; d < b.DeleteCountA; d++) hunk.Add("-" + oldLines[b.DeleteStartA + d]);
                for (var a = 0; a < b.InsertCountB; a++) hunk.Add("+" + newLines[b.InsertStartB + a]);
                o = b.DeleteStartA + b.DeleteCountA;
            }
            for (; o < oldEnd; o++) hunk.Add(" " + oldLines[o]);
            output.Append("@@ -").Append(Range(oldStart, oldEnd - oldStart)).Append(" +").Append(Range(newStart, newEnd - newStart)).Append(" @@\n");
            foreach (var line in hunk)
            {
                if (shown >= MaxLines)
                {
                    cut++;
                    continue;
                }
                output.Append(line).Append('\n');
                shown++;
            }
            i = j + 1;
        }
        if (!oldText.EndsWith('\n') && oldText.Length > 0 && newText.EndsWith('\n')) output.Append("(the old content had no newline at its end)\n");
        if (!newText.EndsWith('\n') && newText.Length > 0 && (oldText.EndsWith('\n') || oldText.Length == 0)) output.Append("(no newline at the end)\n");
        if (cut > 0) output.Append("(").Append(cut).Append(" more diff lines not shown)\n");
        return output.ToString().TrimEnd('\n');
    }

    /// <summary>Sizes and a short hash, for content that is not shown.</summary>
    public static string Describe(ReadOnlySpan<byte> content, bool exists) =>
        exists ? $"{content.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(content))[..12]}" : "absent";

    private static string Range(int start, int count) => count == 0 ? $"{start},0" : count == 1 ? $"{start + 1}" : $"{start + 1},{count}";

    private static string[] SplitLines(string text)
    {
        if (text.Length == 0) return [];
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static bool IsText(ReadOnlySpan<byte> content)
    {
        if (content.Contains((byte)0)) return false;
        return System.Text.Unicode.Utf8.IsValid(content);
    }

    /// <summary>Lines without their newline, and no empty last line for a text that ends with one.</summary>
    private sealed class LineChunker : IChunker
    {
        public static readonly LineChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => SplitLines(text);
    }
}
