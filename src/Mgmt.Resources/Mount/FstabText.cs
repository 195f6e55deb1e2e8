using System.Text;

namespace Mgmt.Resources;

/// <summary>
/// The text forms shared by <c>/etc/fstab</c> and <c>/proc/self/mountinfo</c>: white space inside a field is
/// written as an octal escape (<c>\040</c> for a space), and mount options are a comma-separated list of
/// <c>name</c> or <c>name=value</c>.
/// </summary>
internal static class FstabText
{
    public static string Escape(string field)
    {
        var sb = new StringBuilder();
        foreach (var c in field)
        {
            if (c is ' ' or '\t' or '\n' or '\\') sb.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal)) return field;
        var sb = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
                continue;
            }
            sb.Append(field[i]);
        }
        return sb.ToString();
    }

    private static bool IsOctal(string text, int at) =>
        at + 3 <= text.Length && text[at] is >= '0' and <= '7' && text[at + 1] is >= '0' and <= '7' && text[at + 2] is >= '0' and <= '7';

    /// <summary>Options as a map, in their order (a later repetition wins).</summary>
    public static Dictionary<string, string> ParseOptions(string text)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = option.IndexOf('=');
            if (eq < 0) options[option] = "";
            else options[option[..eq]] = option[(eq + 1)..];
        }
        return options;
    }

    /// <summary>A map of options as fstab and mount(8) take them, sorted by name so the text is stable.</summary>
    public static string FormatOptions(IReadOnlyDictionary<string, string> options) =>
        options.Count == 0 ? "defaults" : string.Join(',', options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value.Length == 0 ? o.Key : $"{o.Key}={o.Value}"));
}
