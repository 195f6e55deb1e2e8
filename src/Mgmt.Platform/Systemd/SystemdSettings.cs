using System.Globalization;
using Mgmt.Platform.Files;
using Mgmt.Platform.Users;

namespace Mgmt.Platform.Systemd;

/// <summary>
/// Where the systemd resources find systemd: the bus addresses of the system and user managers, and the root
/// directory under which unit files live. The defaults are the machine's own; the overrides exist so that tests
/// can drive the systemd of a container (its bus socket and its root directory are reachable from the host).
/// </summary>
/// <remarks>
/// Environment variables, read by <see cref="FromEnvironment"/>:
/// <c>MGMT_SYSTEM_BUS_ADDRESS</c> (else <c>DBUS_SYSTEM_BUS_ADDRESS</c>, else the standard socket),
/// <c>MGMT_SESSION_BUS_ADDRESS</c> (else <c>DBUS_SESSION_BUS_ADDRESS</c>, else <c>$XDG_RUNTIME_DIR/bus</c>, else
/// <c>/run/user/UID/bus</c>) and <c>MGMT_SYSTEMD_ROOT</c> (a directory prefixed to every unit file path).
/// </remarks>
public sealed record SystemdSettings
{
    /// <summary>The standard address of the system bus.</summary>
    public const string DefaultSystemBusAddress = "unix:path=/run/dbus/system_bus_socket";

    /// <summary>The D-Bus address of the system bus; the standard socket when null.</summary>
    public string? SystemBusAddress { get; init; }

    /// <summary>The D-Bus address of the user's session bus; derived from the runtime directory when null.</summary>
    public string? SessionBusAddress { get; init; }

    /// <summary>
    /// A directory prefixed to every unit file path the resources read, write or watch (<c>/etc/systemd/...</c>
    /// becomes <c>ROOT/etc/systemd/...</c>). Empty for the machine itself.
    /// </summary>
    public string RootDirectory { get; init; } = "";

    /// <summary>The machine's own systemd, with the overrides found in the environment.</summary>
    public static SystemdSettings FromEnvironment() => new()
    {
        SystemBusAddress = NonEmpty("MGMT_SYSTEM_BUS_ADDRESS") ?? NonEmpty("DBUS_SYSTEM_BUS_ADDRESS"),
        SessionBusAddress = NonEmpty("MGMT_SESSION_BUS_ADDRESS") ?? NonEmpty("DBUS_SESSION_BUS_ADDRESS"),
        RootDirectory = NonEmpty("MGMT_SYSTEMD_ROOT") is { } root ? TrimRoot(root) : "",
    };

    /// <summary>The bus address of the manager of <paramref name="scope"/>.</summary>
    public string AddressOf(SystemdScope scope)
    {
        if (scope == SystemdScope.System) return SystemBusAddress ?? DefaultSystemBusAddress;
        if (SessionBusAddress is { } session) return session;
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (string.IsNullOrEmpty(runtime))
        {
            runtime = "/run/user/" + Posix.EffectiveUid.ToString(CultureInfo.InvariantCulture);
        }
        return "unix:path=" + PathText.Clean(runtime) + "/bus";
    }

    /// <summary>Where <paramref name="path"/> (an absolute path as seen by systemd) is seen from here.</summary>
    public string HostPath(string path) => RootDirectory.Length == 0 ? path : RootDirectory + path;

    /// <summary>
    /// The directory where administrators put unit files of <paramref name="scope"/>, as systemd sees it:
    /// <c>/etc/systemd/system</c>, or <c>~/.config/systemd/user</c> of the user running mgmt.
    /// </summary>
    public static string AdminUnitDirectory(SystemdScope scope) =>
        TryAdminUnitDirectory(scope) ?? throw new InvalidOperationException(
            "the user running mgmt has no home directory, so it has no place for user unit files (~/.config/systemd/user)");

    /// <summary>Like <see cref="AdminUnitDirectory"/>, or null when the user running mgmt has no home directory.</summary>
    public static string? TryAdminUnitDirectory(SystemdScope scope)
    {
        if (scope == SystemdScope.System) return "/etc/systemd/system";
        var home = Accounts.FindUser(Posix.EffectiveUid)?.Home;
        if (string.IsNullOrEmpty(home)) home = Environment.GetEnvironmentVariable("HOME");
        return string.IsNullOrEmpty(home) ? null : PathText.Clean(home) + "/.config/systemd/user";
    }

    /// <summary>The directories where packages put unit files of <paramref name="scope"/> (Debian uses both).</summary>
    public static IReadOnlyList<string> PackageUnitDirectories(SystemdScope scope) => scope == SystemdScope.System
        ? ["/usr/lib/systemd/system", "/lib/systemd/system"]
        : ["/usr/lib/systemd/user", "/lib/systemd/user"];

    private static string? NonEmpty(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static string TrimRoot(string root) => PathText.Clean(root) is var clean && clean == "/" ? "" : clean.TrimEnd('/');
}
