using System.Text;

namespace Mgmt.World;

/// <summary>
/// The rules for every name that becomes part of a store key. The layout separates parts with <c>/</c>, so a
/// part that contains one would be read back as two parts (or collide with another key); control characters
/// would make keys that no one can type or read in a log. Each check throws a <see cref="WorldKeyException"/>
/// that names the offending character and says how to fix it.
/// </summary>
public static class WorldKeys
{
    /// <summary>The longest key, in UTF-8 bytes (etcd takes far more; long keys are almost always a mistake).</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>The largest value, in UTF-8 bytes. etcd refuses requests over 1.5 MiB by default and a write
    /// carries its value twice (the compare that skips identical writes, and the put); the embedded world keeps
    /// the same limit so that a program that works alone also works in a cluster.</summary>
    public const int MaxValueBytes = 512 * 1024;

    /// <summary>Checks a value (a kv value, a map entry, an exported resource's payload).</summary>
    public static void ValidateValue(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > MaxValueBytes)
        {
            throw new WorldKeyException(
                $"the value of {what} is {bytes} bytes: the world holds at most {MaxValueBytes} bytes per value; keep large data in files and share their location instead");
        }
    }

    /// <summary>Checks a key of <c>kv</c>, <c>world.getval</c> or <c>world.kvlookup</c>.</summary>
    public static void ValidateKey(string key) => ValidatePart(key, "key", "kv key");

    /// <summary>
    /// Checks a key of a cluster-wide string (<c>kv</c> without <c>mapped</c>, <c>world.getval</c>,
    /// <c>json:edit</c>'s world store). Unlike the other names it may hold '/' between non-empty parts
    /// (<c>examples/json-edit</c>), as a string key is never split back into parts.
    /// </summary>
    public static void ValidateStringKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains('/'))
        {
            ValidatePart(key, "key", "kv key");
            return;
        }
        if (key.StartsWith('/') || key.EndsWith('/') || key.Contains("//", StringComparison.Ordinal))
        {
            throw new WorldKeyException($"the key \"{Printable(key)}\" has an empty part: '/' may only stand between non-empty parts, as in \"a/b\"");
        }
        foreach (var part in key.Split('/')) ValidatePart(part, "key part", "part");
        CheckLength(key, "key");
    }

    /// <summary>Checks a schedule namespace.</summary>
    public static void ValidateNamespace(string scheduleNamespace) => ValidatePart(scheduleNamespace, "schedule namespace", "namespace");

    /// <summary>Checks a hostname: letters, digits, <c>-</c>, <c>.</c> and <c>_</c>, at most 253 characters.</summary>
    public static void ValidateHostname(string hostname)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        if (hostname.Length == 0)
        {
            throw new WorldKeyException("the hostname is empty: give each agent a name with --hostname (letters, digits, '-', '.', '_')");
        }
        if (hostname.Length > 253)
        {
            throw new WorldKeyException($"the hostname \"{Shorten(hostname)}\" is {hostname.Length} characters long: at most 253 are allowed");
        }
        foreach (var c in hostname)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                throw new WorldKeyException(
                    $"the hostname \"{Printable(hostname)}\" contains {Describe(c)}: a hostname may hold only letters, digits, '-', '.' and '_' (set another one with --hostname)");
            }
        }
    }

    /// <summary>Checks the target of an export: a hostname or <c>*</c> for every host.</summary>
    public static void ValidateExportTarget(string toHost)
    {
        if (toHost != ExportedResource.Everyone)
        {
            ValidateHostname(toHost);
        }
    }

    /// <summary>Checks a resource kind: lower-case letters, digits, <c>_</c> and <c>:</c>, starting with a letter.</summary>
    public static void ValidateKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var ok = kind.Length is > 0 and <= 128 && char.IsAsciiLetterLower(kind[0])
            && kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or ':');
        if (!ok)
        {
            throw new WorldKeyException(
                $"the resource kind \"{Printable(kind)}\" cannot be exported: a kind is lower-case letters, digits, '_' and ':', starting with a letter (such as file or http:server)");
        }
    }

    /// <summary>Checks a resource name: any non-empty text without NUL characters.</summary>
    public static void ValidateResourceName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new WorldKeyException("an exported resource has an empty name: give it a name");
        }
        if (name.Contains('\0'))
        {
            throw new WorldKeyException($"the resource name \"{Printable(name)}\" contains a NUL character, which the store cannot hold: remove it");
        }
        CheckLength(name, "resource name");
    }

    /// <summary>Checks a cluster name (the part of every key that separates clusters sharing one etcd).</summary>
    public static void ValidateClusterName(string cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Length is 0 or > 64 || !cluster.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            throw new WorldKeyException(
                $"the cluster name \"{Printable(cluster)}\" is not allowed: use 1 to 64 letters, digits, '-', '.' or '_'");
        }
    }

    private static void ValidatePart(string part, string what, string example)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Length == 0)
        {
            throw new WorldKeyException($"the {what} is empty: give a non-empty {example}");
        }
        if (part is "." or "..")
        {
            throw new WorldKeyException($"the {what} \"{part}\" is reserved: choose another {example}");
        }
        foreach (var c in part)
        {
            if (c == '/')
            {
                throw new WorldKeyException(
                    $"the {what} \"{Printable(part)}\" contains '/', which the world uses to separate the parts of its keys: use another separator such as ':' or '-'");
            }
            if (char.IsControl(c))
            {
                throw new WorldKeyException(
                    $"the {what} \"{Printable(part)}\" contains {Describe(c)}, which cannot be part of a key: remove it");
            }
        }
        if (!RoundTripsAsUtf8(part))
        {
            throw new WorldKeyException($"the {what} \"{Printable(part)}\" is not valid Unicode text (an unpaired surrogate): fix the text");
        }
        CheckLength(part, what);
    }

    private static void CheckLength(string text, string what)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > MaxKeyBytes)
        {
            throw new WorldKeyException($"the {what} \"{Shorten(text)}\" is {bytes} bytes long: at most {MaxKeyBytes} are allowed");
        }
    }

    private static bool RoundTripsAsUtf8(string text)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Describe(char c) => c switch
    {
        '\n' => "a newline",
        '\t' => "a tab",
        '\0' => "a NUL character",
        ' ' => "a space",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ => $"'{c}'",
    };

    private static string Printable(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, 80));
        foreach (var c in Shorten(text))
        {
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return sb.ToString();
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
