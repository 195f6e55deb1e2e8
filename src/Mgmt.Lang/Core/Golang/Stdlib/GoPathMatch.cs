using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary>
/// Go's path.Match (and filepath.Match on Linux): shell patterns over a whole name. <c>*</c> matches any run of
/// characters but '/', <c>?</c> one character but '/', <c>[...]</c> one character of a class (ranges, <c>^</c> to
/// negate), and <c>\</c> quotes the next character. A malformed pattern is an error, as in Go.
/// </summary>
internal static class GoPathMatch
{
    public static bool Match(string pattern, string name)
    {
        // Go checks the whole pattern even when the name decides the answer early.
        Validate(pattern);
        return MatchAt(pattern, 0, name, 0);
    }

    private static bool MatchAt(string p, int pi, string n, int ni)
    {
        while (pi < p.Length)
        {
            switch (p[pi])
            {
                case '*':
                    while (pi < p.Length && p[pi] == '*') pi++;
                    for (var k = ni; ; k++)
                    {
                        if (MatchAt(p, pi, n, k)) return true;
                        if (k >= n.Length || n[k] == '/') return false;
                    }
                case '?':
                    if (ni >= n.Length || n[ni] == '/') return false;
                    pi++;
                    ni++;
                    break;
                case '[':
                    if (ni >= n.Length || n[ni] == '/') return false;
                    var (matched, next) = Class(p, pi, n[ni]);
                    if (!matched) return false;
                    pi = next;
                    ni++;
                    break;
                case '\\':
                    pi++;
                    if (ni >= n.Length || n[ni] != p[pi]) return false;
                    pi++;
                    ni++;
                    break;
                default:
                    if (ni >= n.Length || n[ni] != p[pi]) return false;
                    pi++;
                    ni++;
                    break;
            }
        }
        return ni == n.Length;
    }

    /// <summary>Whether <paramref name="c"/> is in the class starting at <paramref name="start"/> ('['), and the index after it.</summary>
    private static (bool Matched, int Next) Class(string p, int start, char c)
    {
        var i = start + 1;
        var negated = i < p.Length && p[i] == '^';
        if (negated) i++;
        var matched = false;
        var first = true;
        while (true)
        {
            if (i >= p.Length) throw Bad();
            if (p[i] == ']' && !first) return (matched != negated, i + 1);
            first = false;
            var low = Char(p, ref i);
            var high = low;
            if (i < p.Length && p[i] == '-')
            {
                i++;
                high = Char(p, ref i);
            }
            if (low <= c && c <= high) matched = true;
        }
    }

    private static char Char(string p, ref int i)
    {
        if (i >= p.Length || p[i] is '-' or ']') throw Bad();
        if (p[i] == '\\')
        {
            i++;
            if (i >= p.Length) throw Bad();
        }
        return p[i++];
    }

    private static void Validate(string p)
    {
        for (var i = 0; i < p.Length;)
        {
            switch (p[i])
            {
                case '\\':
                    if (i + 1 >= p.Length) throw Bad();
                    i += 2;
                    break;
                case '[':
                    i = Class(p, i, '\0').Next;
                    break;
                default:
                    i++;
                    break;
            }
        }
    }

    private static FunctionException Bad() => new("syntax error in pattern");
}
