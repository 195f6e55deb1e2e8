using System.Text;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Syntax.Limits;

/// <summary>
/// Turns the bytes of a source file into text, refusing what the compiler must not silently alter: a file larger
/// than <see cref="InputLimits.MaxSourceBytes"/> and bytes that are not valid UTF-8 (a decoder that replaced them
/// would compile a program other than the one on disk). A leading UTF-8 byte order mark is dropped.
/// </summary>
public static class SourceDecoder
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="bytes"/>; throws <see cref="LangException"/> (lexparse) with the position of the first problem.</summary>
    public static string Decode(string path, ReadOnlySpan<byte> bytes)
    {
        if (TryDecode(bytes, out var text, out var problem)) return text;
        // A file too large is refused as a whole: showing its first line could print megabytes.
        throw problem!.Line == 0
            ? new LangException(Phase.LexParse, $"{path}: {problem.Message}")
            : new LangException(Phase.LexParse, problem.Message, problem.Span(path));
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/>; on failure <paramref name="problem"/> says what is wrong and where (1-based
    /// line and column, the column counting characters like the rest of the compiler's positions; line 0 for a file
    /// that is too large).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out DecodeProblem? problem) =>
        TryDecode(bytes, InputLimits.MaxSourceBytes, out text, out problem);

    /// <summary>As <see cref="TryDecode(ReadOnlySpan{byte}, out string, out DecodeProblem?)"/> with another size limit (a YAML graph's).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, int maxBytes, out string text, out DecodeProblem? problem)
    {
        text = "";
        if (bytes.Length > maxBytes)
        {
            problem = new DecodeProblem(0, 0, InputLimits.TooLarge(maxBytes));
            return false;
        }
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        try
        {
            text = Strict.GetString(bytes);
            problem = null;
            return true;
        }
        catch (DecoderFallbackException e)
        {
            problem = Locate(bytes, Math.Max(0, e.Index), e.BytesUnknown);
            return false;
        }
    }

    // The decoder names the byte offset of the bad sequence; the position is counted from the valid text before it.
    private static DecodeProblem Locate(ReadOnlySpan<byte> bytes, int index, byte[]? unknown)
    {
        index = Math.Min(index, bytes.Length);
        var lineStart = bytes[..index].LastIndexOf((byte)'\n') + 1;
        var line = bytes[..lineStart].Count((byte)'\n') + 1;
        var column = Strict.GetCharCount(bytes[lineStart..index]) + 1;
        var shown = unknown is { Length: > 0 } ? string.Join(" ", unknown.Select(b => $"0x{b:x2}"))
            : index < bytes.Length ? $"0x{bytes[index]:x2}" : "at the end of the file";
        return new DecodeProblem(line, column,
            $"the file is not valid UTF-8: byte(s) {shown} cannot be decoded; save the file as UTF-8");
    }
}

/// <summary>Why a source file could not be decoded, and where (1-based; line 0 when it concerns the whole file).</summary>
public sealed record DecodeProblem(int Line, int Column, string Message)
{
    /// <summary>The one-character span of the problem in <paramref name="path"/>.</summary>
    public SourceSpan Span(string path) => new(path, Line, Column, Line, Column + 1);
}
