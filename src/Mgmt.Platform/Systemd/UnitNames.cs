using System.Text;

namespace Mgmt.Platform.Systemd;

/// <summary>Rules of systemd unit names (<c>nginx.service</c>) and the D-Bus object paths systemd gives units.</summary>
public static class UnitNames
{
    /// <summary>The unit types systemd knows, as name suffixes.</summary>
    public static IReadOnlyList<string> Suffixes { get; } =
        [".service", ".socket", ".target", ".device", ".mount", ".automount", ".swap", ".timer", ".path", ".slice", ".scope"];

    private const int MaxLength = 255;
    private const string ManagerPath = "/org/freedesktop/systemd1";

    /// <summary>True when <paramref name="name"/> ends with a unit type suffix.</summary>
    public static bool HasSuffix(string name) => Suffixes.Any(s => name.Length > s.Length && name.EndsWith(s, StringComparison.Ordinal));

    /// <summary>
    /// Null when <paramref name="name"/> is a valid unit name, otherwise what is wrong with it, in words a user can
    /// act on.
    /// </summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "the unit name is empty";
        if (name.Length > MaxLength) return $"the unit name is longer than {MaxLength} characters";
        if (!HasSuffix(name)) return $"'{name}' does not end with a unit type such as .service or .timer";
        var stem = name[..name.LastIndexOf('.')];
        if (stem.Length == 0) return $"'{name}' has nothing before its type suffix";
        foreach (var c in stem)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.' or '\\' or '@'))
            {
                return $"'{name}' contains '{c}', which systemd does not allow in unit names (letters, digits and :-_.\\@ only)";
            }
        }
        return null;
    }

    /// <summary>
    /// The object path of the unit named <paramref name="name"/>, as systemd builds it: every byte that is not an
    /// ASCII letter or digit (and a leading digit) becomes <c>_xx</c> in hex.
    /// </summary>
    public static string ObjectPath(string name)
    {
        var label = new StringBuilder(ManagerPath.Length + 6 + name.Length * 2);
        label.Append(ManagerPath).Append("/unit/");
        var bytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (i > 0 && b >= '0' && b <= '9');
            if (plain) label.Append((char)b);
            else label.Append('_').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (bytes.Length == 0) label.Append('_');
        return label.ToString();
    }
}
