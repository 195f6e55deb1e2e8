using System.Security.Cryptography;
using System.Text;

namespace Mgmt.Engine.Runtime;

/// <summary>
/// Where the engine keeps state on disk under <see cref="EngineOptions.StateDirectory"/>:
/// <c>&lt;kind&gt;/&lt;escaped name&gt;/&lt;name&gt;</c> for each resource's var dirs, and <c>.engine/</c> for
/// the engine's own records (kinds never start with a dot, so the two cannot collide).
/// </summary>
internal sealed class StatePaths(string root)
{
    // Leave room under NAME_MAX (255 bytes) for the suffixes we add.
    private const int MaxComponentBytes = 200;

    public string Root { get; } = root;

    /// <summary>The directory of pending reversals.</summary>
    public string Reversals => Path.Combine(Root, ".engine", "reversals");

    /// <summary>A resource's var dir <paramref name="name"/>, created if missing.</summary>
    public string VarDir(string kind, string resourceName, string name)
    {
        if (name.Length == 0 || name.Contains('/') || name is "." or "..")
        {
            throw new ArgumentException($"a var dir name must be one plain path component, not '{name}'", nameof(name));
        }
        var dir = Path.Combine(Root, Escape(kind), Escape(resourceName), name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Turns any string into one safe path component: '%', '/' and NUL are percent-escaped, "", "." and ".."
    /// are escaped whole, and a long result is shortened and suffixed with a hash so that it stays unique.
    /// </summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        if (text is "" or "." or "..") sb.Append('%');
        foreach (var c in text)
        {
            switch (c)
            {
                case '%': sb.Append("%25"); break;
                case '/': sb.Append("%2F"); break;
                case '\0': sb.Append("%00"); break;
                default: sb.Append(c); break;
            }
        }
        var escaped = sb.ToString();
        if (Encoding.UTF8.GetByteCount(escaped) <= MaxComponentBytes) return escaped;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
        var prefix = escaped[..Math.Min(escaped.Length, 100)];
        while (Encoding.UTF8.GetByteCount(prefix) > 100) prefix = prefix[..^1];
        return $"{prefix}~{hash}";
    }
}
