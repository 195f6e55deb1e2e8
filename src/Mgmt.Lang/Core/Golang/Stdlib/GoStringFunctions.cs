using System.Text;
using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;
using static Mgmt.Lang.Core.Support.GoStrings;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary>Go's <c>strings</c> functions that need more than a .NET one-liner. Indexes are UTF-8 byte offsets.</summary>
internal static class GoStringFunctions
{
    /// <summary>The byte offset of a UTF-16 index, or -1.</summary>
    public static long ByteIndex(string s, int charIndex) => charIndex < 0 ? -1 : ByteLength(s[..charIndex]);

    public static long Count(string s, string sub) =>
        sub.Length == 0 ? s.EnumerateRunes().Count() + 1 : (s.Length - s.Replace(sub, "", StringComparison.Ordinal).Length) / sub.Length;

    public static long IndexAny(string s, string chars, bool last)
    {
        var set = chars.EnumerateRunes().Select(r => r.Value).ToHashSet();
        var best = -1;
        var i = 0;
        foreach (var r in s.EnumerateRunes())
        {
            if (set.Contains(r.Value))
            {
                best = i;
                if (!last) break;
            }
            i += r.Utf16SequenceLength;
        }
        return ByteIndex(s, best);
    }

    public static string Repeat(string s, long count)
    {
        if (count < 0) throw new FunctionException($"strings.repeat needs a count of 0 or more, not {count}");
        if (s.Length * count > 64 << 20) throw new FunctionException("strings.repeat would make a string larger than 64 MiB");
        return new StringBuilder(s.Length * (int)count).Insert(0, s, (int)count).ToString();
    }

    public static string Replace(string s, string old, string replacement, long n)
    {
        if (n < 0) return StringsFunctions.StringsPackage.ReplaceAll(s, old, replacement);
        var sb = new StringBuilder();
        var done = 0L;
        if (old.Length == 0)
        {
            var parts = Split(s, "");
            for (var i = 0; i <= parts.Count; i++)
            {
                if (done < n)
                {
                    sb.Append(replacement);
                    done++;
                }
                if (i < parts.Count) sb.Append(parts[i]);
            }
            return sb.ToString();
        }
        var start = 0;
        while (done < n)
        {
            var at = s.IndexOf(old, start, StringComparison.Ordinal);
            if (at < 0) break;
            sb.Append(s, start, at - start).Append(replacement);
            start = at + old.Length;
            done++;
        }
        return sb.Append(s, start, s.Length - start).ToString();
    }

    /// <summary>Go's deprecated strings.Title: upper-cases the first letter of each word.</summary>
    public static string TitleWords(string s)
    {
        var sb = new StringBuilder();
        var previousSeparator = true;
        foreach (var r in s.EnumerateRunes())
        {
            sb.Append(previousSeparator ? Rune.ToUpperInvariant(r).ToString() : r.ToString());
            previousSeparator = IsSeparator(r);
        }
        return sb.ToString();
    }

    private static bool IsSeparator(Rune r)
    {
        if (r.IsAscii) return !(Rune.IsLetterOrDigit(r) || r.Value == '_');
        if (Rune.IsLetterOrDigit(r)) return false;
        return Rune.IsWhiteSpace(r);
    }

    public static string Trim(string s, string cutset, bool left, bool right)
    {
        var set = cutset.EnumerateRunes().Select(r => r.Value).ToHashSet();
        var runes = s.EnumerateRunes().ToList();
        var start = 0;
        var end = runes.Count;
        while (left && start < end && set.Contains(runes[start].Value)) start++;
        while (right && end > start && set.Contains(runes[end - 1].Value)) end--;
        return string.Concat(runes.Skip(start).Take(end - start).Select(r => r.ToString()));
    }

    /// <summary>Replaces each run of invalid UTF-16 (lone surrogates, which is how invalid UTF-8 reaches us) with the replacement.</summary>
    public static string ToValidUtf8(string s, string replacement)
    {
        var sb = new StringBuilder();
        var inBad = false;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsSurrogatePair(s, i))
            {
                sb.Append(s, i, 2);
                i++;
                inBad = false;
            }
            else if (char.IsSurrogate(s[i]))
            {
                if (!inBad) sb.Append(replacement);
                inBad = true;
            }
            else
            {
                sb.Append(s[i]);
                inBad = false;
            }
        }
        return sb.ToString();
    }
}
