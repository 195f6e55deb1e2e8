using System.Globalization;

namespace Mgmt.Platform.Files;

/// <summary>
/// Permission modes as users write them: octal (<c>0644</c>, <c>644</c>, <c>4755</c>) or chmod(1) symbolic
/// clauses (<c>u=rw,g=r,o=</c>, <c>u+x</c>, <c>a-w</c>, <c>go=</c>, <c>g=u</c>, <c>+X</c>, <c>u+s</c>, <c>+t</c>).
/// </summary>
/// <remarks>
/// A symbolic mode is applied to the current permission bits, in order, clause by clause. Differences from
/// chmod(1), on purpose: a clause without a class (<c>+x</c>, <c>=r</c>) means all classes and ignores the
/// umask, so the result never depends on the agent's environment. As with GNU chmod, <c>=</c> keeps the
/// setuid and setgid bits of a directory unless the clause sets <c>s</c> itself (remove them with <c>-s</c>).
/// </remarks>
public static class PermissionMode
{
    private const uint SetUid = 0x800;   // 04000
    private const uint SetGid = 0x400;   // 02000
    private const uint Sticky = 0x200;   // 01000
    private const uint UserBits = 0x1C0; // 0700
    private const uint GroupBits = 0x38; // 0070
    private const uint OtherBits = 0x7;  // 0007

    /// <summary>True when the text is an octal mode; <paramref name="mode"/> gets its value (at most 07777).</summary>
    public static bool TryParseOctal(string text, out uint mode)
    {
        mode = 0;
        if (text.Length == 0) return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '7') return false;
            mode = mode * 8 + (uint)(c - '0');
            if (mode > 0xFFF) return false;
        }
        return true;
    }

    /// <summary>True when the mode is octal, so that the wanted bits do not depend on the file's current ones.</summary>
    public static bool IsOctal(string text) => TryParseOctal(text, out _);

    /// <summary>
    /// Checks the syntax of a mode without applying it. Throws <see cref="FormatException"/> with a message that
    /// shows valid forms.
    /// </summary>
    public static void Validate(string text) => Apply(text, 0, isDirectory: false);

    /// <summary>
    /// The permission bits (<c>07777</c>) that result from applying <paramref name="text"/> to
    /// <paramref name="current"/>. An octal mode replaces the bits; symbolic clauses edit them.
    /// <paramref name="isDirectory"/> matters for <c>X</c> and for how <c>=</c> treats setuid/setgid.
    /// </summary>
    public static uint Apply(string text, uint current, bool isDirectory)
    {
        if (TryParseOctal(text, out var octal)) return octal;
        if (text.Length == 0) throw Invalid(text, "it is empty");
        var mode = current & 0xFFF;
        foreach (var clause in text.Split(','))
        {
            mode = ApplyClause(text, clause, mode, isDirectory);
        }
        return mode;
    }

    /// <summary>Formats permission bits as Go's <c>%#o</c> does for them: <c>0644</c>, <c>04755</c>, <c>0</c>.</summary>
    public static string Format(uint mode) =>
        mode == 0 ? "0" : "0" + Convert.ToString(mode & 0xFFF, 8).PadLeft(3, '0');

    private static uint ApplyClause(string text, string clause, uint mode, bool isDirectory)
    {
        var i = 0;
        var who = 0u; // a mask of the affected rwx bits (0700, 0070, 0007)
        var whoGiven = false;
        for (; i < clause.Length && clause[i] is 'u' or 'g' or 'o' or 'a'; i++)
        {
            whoGiven = true;
            who |= clause[i] switch
            {
                'u' => UserBits,
                'g' => GroupBits,
                'o' => OtherBits,
                _ => UserBits | GroupBits | OtherBits,
            };
        }
        if (!whoGiven) who = UserBits | GroupBits | OtherBits;
        if (i == clause.Length)
        {
            throw Invalid(text, clause.Length == 0
                ? "it has an empty clause (two commas in a row, or a comma at an end)"
                : $"clause '{clause}' has no operator; write it as who, then one of = + -, then permissions, like u+x");
        }

        while (i < clause.Length)
        {
            var op = clause[i];
            if (op is not ('=' or '+' or '-'))
            {
                throw Invalid(text, $"clause '{clause}': '{op}' is not a class (u, g, o, a) or an operator (= + -)");
            }
            i++;
            var start = i;
            while (i < clause.Length && clause[i] is not ('=' or '+' or '-')) i++;
            var perms = clause[start..i];
            var bits = PermissionBits(text, clause, perms, who, mode, isDirectory);
            mode = op switch
            {
                '+' => mode | bits,
                '-' => mode & ~bits,
                _ => Assign(mode, who, bits, isDirectory),
            };
        }
        return mode;
    }

    private static uint Assign(uint mode, uint who, uint bits, bool isDirectory)
    {
        var cleared = who;
        if ((who & UserBits) != 0) cleared |= SetUid;
        if ((who & GroupBits) != 0) cleared |= SetGid;
        if ((who & OtherBits) != 0) cleared |= Sticky;
        if (isDirectory)
        {
            // Like GNU chmod: '=' alone never drops a directory's setuid/setgid (they steer new files).
            cleared &= ~(SetUid | SetGid);
        }
        return (mode & ~cleared) | bits;
    }

    private static uint PermissionBits(string text, string clause, string perms, uint who, uint mode, bool isDirectory)
    {
        // A single class letter copies that class's current bits (g=u).
        if (perms.Length == 1 && perms[0] is 'u' or 'g' or 'o')
        {
            var source = perms[0] switch
            {
                'u' => (mode & UserBits) >> 6,
                'g' => (mode & GroupBits) >> 3,
                _ => mode & OtherBits,
            };
            return Spread(source, who);
        }

        var rwx = 0u;
        var special = 0u;
        foreach (var c in perms)
        {
            switch (c)
            {
                case 'r': rwx |= 4; break;
                case 'w': rwx |= 2; break;
                case 'x': rwx |= 1; break;
                case 'X':
                    // Execute only for directories and for files that are already executable by someone.
                    if (isDirectory || (mode & 0x49) != 0) rwx |= 1;
                    break;
                case 's':
                    if ((who & UserBits) != 0) special |= SetUid;
                    if ((who & GroupBits) != 0) special |= SetGid;
                    break;
                case 't':
                    if ((who & OtherBits) != 0) special |= Sticky;
                    break;
                default:
                    throw Invalid(text, $"clause '{clause}': '{c}' is not a permission (r w x X s t, or one of u g o to copy)");
            }
        }
        return Spread(rwx, who) | special;
    }

    // Places an rwx triple (0-7) into every class selected by who.
    private static uint Spread(uint rwx, uint who) =>
        ((rwx << 6) | (rwx << 3) | rwx) & who;

    private static FormatException Invalid(string text, string why) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"mode '{text}' is neither an octal number (such as 0644) nor a valid symbolic mode (such as u=rw,g=r,o= or u+x): {why}"));
}
