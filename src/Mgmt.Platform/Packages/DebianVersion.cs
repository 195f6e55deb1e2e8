namespace Mgmt.Platform.Packages;

/// <summary>
/// Orders Debian package versions (<c>[epoch:]upstream[-revision]</c>) the way dpkg does, so that a resource can
/// tell an upgrade from a downgrade without asking dpkg. Stateless and thread-safe.
/// </summary>
public static class DebianVersion
{
    /// <summary>Negative when <paramref name="a"/> is older than <paramref name="b"/>, zero when equal, positive when newer.</summary>
    public static int Compare(string a, string b)
    {
        var (epochA, upstreamA, revisionA) = Split(a);
        var (epochB, upstreamB, revisionB) = Split(b);
        if (epochA != epochB) return epochA.CompareTo(epochB);
        var c = ComparePart(upstreamA, upstreamB);
        return c != 0 ? c : ComparePart(revisionA, revisionB);
    }

    private static (long Epoch, string Upstream, string Revision) Split(string version)
    {
        var text = version.Trim();
        long epoch = 0;
        var colon = text.IndexOf(':');
        if (colon > 0 && long.TryParse(text.AsSpan(0, colon), out var e))
        {
            epoch = e;
            text = text[(colon + 1)..];
        }
        var dash = text.LastIndexOf('-');
        return dash < 0 ? (epoch, text, "") : (epoch, text[..dash], text[(dash + 1)..]);
    }

    // Alternating runs: a non-digit run compared character by character with dpkg's weights (a tilde sorts before
    // everything, even the end of the string; letters before other characters), then a digit run compared as a number.
    private static int ComparePart(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var wa = i < a.Length && !char.IsAsciiDigit(a[i]) ? Weight(a[i]) : 0;
                var wb = j < b.Length && !char.IsAsciiDigit(b[j]) ? Weight(b[j]) : 0;
                if (wa != wb) return wa.CompareTo(wb);
                if (i < a.Length && !char.IsAsciiDigit(a[i])) i++;
                if (j < b.Length && !char.IsAsciiDigit(b[j])) j++;
            }
            while (i < a.Length && a[i] == '0') i++;
            while (j < b.Length && b[j] == '0') j++;
            var startA = i;
            var startB = j;
            while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
            while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
            var lengthA = i - startA;
            var lengthB = j - startB;
            if (lengthA != lengthB) return lengthA.CompareTo(lengthB);
            var digits = string.CompareOrdinal(a, startA, b, startB, lengthA);
            if (digits != 0) return Math.Sign(digits);
        }
        return 0;
    }

    private static int Weight(char c) => c switch
    {
        '~' => -1,
        _ when char.IsAsciiLetter(c) => c,
        _ => c + 256,
    };
}
