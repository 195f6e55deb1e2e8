using System.Text;

namespace Mgmt.Resources;

/// <summary>
/// <c>/etc/machine-info</c>: shell-style <c>KEY=value</c> lines (values optionally quoted) that systemd reads for
/// the pretty host name and a few other machine facts. Editing one key keeps every other line as it was.
/// </summary>
internal static class MachineInfo
{
    /// <summary>The unquoted value of <paramref name="key"/>, or null when the text does not set it.</summary>
    public static string? Get(string text, string key)
    {
        string? value = null;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith(key + "=", StringComparison.Ordinal)) continue;
            value = Unquote(trimmed[(key.Length + 1)..]);
        }
        return value;
    }

    /// <summary>The text with <paramref name="key"/> set to <paramref name="value"/> (replacing every line that set it, or appended).</summary>
    public static string Set(string text, string key, string value)
    {
        var lines = text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n').ToList();
        var assignment = $"{key}={Quote(value)}";
        var replaced = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].Trim().StartsWith(key + "=", StringComparison.Ordinal)) continue;
            if (replaced)
            {
                lines.RemoveAt(i--);
                continue;
            }
            lines[i] = assignment;
            replaced = true;
        }
        if (!replaced) lines.Add(assignment);
        return string.Join('\n', lines) + "\n";
    }

    // Double quotes with the four characters that stay special inside them escaped: what a shell (and systemd's
    // env-file reader) turns back into the same text.
    private static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\' or '$' or '`') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private static string Unquote(string raw)
    {
        if (raw.Length >= 2 && raw[0] == '\'' && raw[^1] == '\'') return raw[1..^1];
        if (raw.Length < 2 || raw[0] != '"' || raw[^1] != '"') return raw;
        var sb = new StringBuilder();
        for (var i = 1; i < raw.Length - 1; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length - 1) i++;
            sb.Append(raw[i]);
        }
        return sb.ToString();
    }
}
