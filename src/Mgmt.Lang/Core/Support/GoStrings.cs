using System.Text;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// Go string semantics where users can observe them: Go strings are UTF-8 bytes, so lengths and slice bounds
/// count bytes, not UTF-16 code units.
/// </summary>
internal static class GoStrings
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static int ByteLength(string s) => Utf8.GetByteCount(s);

    public static byte[] Bytes(string s) => Utf8.GetBytes(s);

    /// <summary>Decodes bytes; invalid sequences become U+FFFD as when Go prints them.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes) => Utf8.GetString(bytes);

    /// <summary>The bytes [low, high) of a string; false when the bounds are outside it.</summary>
    public static bool TrySlice(string s, long low, long high, out string result)
    {
        var bytes = Bytes(s);
        if (low < 0 || high < low || high > bytes.Length)
        {
            result = "";
            return false;
        }
        result = FromBytes(bytes.AsSpan((int)low, (int)(high - low)));
        return true;
    }

    /// <summary>Go's <c>strings.Title</c> for identifiers: the first letter upper-cased.</summary>
    public static string Title(string s) =>
        s.Length == 0 || !char.IsLower(s[0]) ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>Go's <c>strings.Split</c>: an empty separator splits into characters.</summary>
    public static List<string> Split(string s, string sep)
    {
        if (sep.Length == 0)
        {
            var parts = new List<string>();
            for (var i = 0; i < s.Length;)
            {
                var len = char.IsSurrogatePair(s, i) ? 2 : 1;
                parts.Add(s.Substring(i, len));
                i += len;
            }
            return parts;
        }
        return [.. s.Split(sep)];
    }

    /// <summary>Go's <c>strings.TrimSpace</c>: Unicode white space at both ends.</summary>
    public static string TrimSpace(string s) => s.Trim();
}
