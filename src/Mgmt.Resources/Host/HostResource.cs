using System.Net;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>
/// <c>host</c>: one entry of the hosts file (<c>/etc/hosts</c>): the resource's name (the canonical host name) with
/// its address, aliases and comment, or no entry for that name. Other lines are left as they are.
/// </summary>
/// <remarks>
/// The entry is the first line whose second field is the name; it is changed in place, or added at the end of the
/// file when there is none. Absent, every line for the name is removed. Each change rewrites the file atomically
/// with its mode and owner kept. The file is watched with inotify. See docs/resources/host.md.
/// </remarks>
[ResourceKind("host")]
public sealed partial class HostResource : Resource
{
    /// <summary>The file that is edited when <see cref="File"/> is not set.</summary>
    public const string DefaultFile = "/etc/hosts";

    /// <summary><c>exists</c> or <c>absent</c>.</summary>
    [Param("state")]
    public string State { get; set; } = "exists";

    /// <summary>The address (IPv4 or IPv6) the name resolves to.</summary>
    [Param("ip")]
    public string Ip { get; set; } = "";

    /// <summary>Other names on the same line, in order; unset or empty for none.</summary>
    [Param("aliases")]
    public IReadOnlyList<string>? Aliases { get; set; }

    /// <summary>A comment written after the names (after <c>#</c>); empty for none.</summary>
    [Param("comment")]
    public string Comment { get; set; } = "";

    /// <summary>The hosts file; <c>/etc/hosts</c> when empty.</summary>
    [Param("file")]
    public string File { get; set; } = "";

    /// <summary>The hosts file actually edited.</summary>
    public string FilePath => File.Length > 0 ? File : DefaultFile;

    internal IReadOnlyList<string> AliasList => Aliases ?? [];

    public override void Validate()
    {
        if (!IsHostName(Name)) throw Invalid($"'{Name}' is not a host name: letters, digits, '-', '_' and '.', with no spaces or '#'");
        if (State is not ("exists" or "absent")) throw Invalid($"state must be 'exists' or 'absent', not '{State}'");
        if (!FilePath.StartsWith('/')) throw Invalid($"file '{File}' must be an absolute path");
        if (State == "absent") return;
        if (Ip.Length == 0) throw Invalid("ip is empty: give the address the name resolves to");
        if (!IPAddress.TryParse(Ip, out _) || Ip.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid($"ip '{Ip}' is not an IPv4 or IPv6 address");
        }
        foreach (var alias in AliasList)
        {
            if (!IsHostName(alias)) throw Invalid($"alias '{alias}' is not a host name (one name per entry, no spaces)");
        }
        if (Comment.Contains('\n', StringComparison.Ordinal)) throw Invalid("comment must fit on one line");
    }

    private static bool IsHostName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static ResourceValidationException Invalid(string message) => new(message);
}
