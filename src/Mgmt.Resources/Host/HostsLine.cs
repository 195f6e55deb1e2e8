namespace Mgmt.Resources;

/// <summary>
/// One entry line of a hosts file, split into its fields: <c>ADDRESS NAME [ALIAS...] [# COMMENT]</c>. Lines that are
/// blank or only a comment are not entries.
/// </summary>
internal sealed record HostsLine(string Ip, string Name, IReadOnlyList<string> Aliases, string Comment)
{
    /// <summary>The entry on <paramref name="line"/>, or null when the line holds none.</summary>
    public static HostsLine? Parse(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        var fields = (hash < 0 ? line : line[..hash]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2) return null;
        var comment = hash < 0 ? "" : line[(hash + 1)..].Trim();
        return new HostsLine(fields[0], fields[1], fields[2..], comment);
    }

    /// <summary>The line as written: fields separated by tabs, as Puppet's host provider writes them.</summary>
    public string Format()
    {
        var text = $"{Ip}\t{Name}";
        if (Aliases.Count > 0) text += "\t" + string.Join(' ', Aliases);
        if (Comment.Length > 0) text += "\t# " + Comment;
        return text;
    }

    /// <summary>True when <paramref name="other"/> says the same (spacing aside).</summary>
    public bool SameAs(HostsLine other) =>
        Ip == other.Ip && Name == other.Name && Aliases.SequenceEqual(other.Aliases, StringComparer.Ordinal) && Comment == other.Comment;
}
