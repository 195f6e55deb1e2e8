using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Firewall;

namespace Mgmt.Resources;

/// <summary>
/// <c>firewalld</c>: services and ports of one firewalld zone, present (<c>state => "exists"</c>, the default) or
/// absent, in firewalld's runtime configuration and, with <see cref="Permanent"/>, in its permanent one too. Talks
/// to firewalld over D-Bus and watches its signals, so a change made behind mgmt's back (firewall-cmd, a reload)
/// is put right.
/// </summary>
/// <remarks>
/// Only the listed services and ports are managed; the zone's other settings are left alone. See
/// docs/resources/firewalld.md.
/// </remarks>
[ResourceKind("firewalld")]
public sealed partial class FirewalldResource : Resource, IEdgeable
{
    public const string StateExists = "exists";
    public const string StateAbsent = "absent";

    private static readonly string[] Protocols = ["tcp", "udp", "sctp", "dccp"];

    private SystemdAccess? _bus;

    /// <summary>The zone to manage; empty means firewalld's default zone, looked up each time.</summary>
    [Param("zone")]
    public string Zone { get; set; } = "";

    /// <summary><c>exists</c> (also when empty) or <c>absent</c>: what the listed services and ports must be.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary>firewalld service names, such as <c>http</c> or <c>dhcp</c> (<c>firewall-cmd --get-services</c> lists them).</summary>
    [Param("services")]
    public List<string> Services { get; set; } = [];

    /// <summary>Ports as <c>PORT/PROTOCOL</c> or <c>LOW-HIGH/PROTOCOL</c>, such as <c>8080/tcp</c> or <c>60000-61000/udp</c>.</summary>
    [Param("ports")]
    public List<string> Ports { get; set; } = [];

    /// <summary>Also keep the permanent configuration (what firewalld loads at start and on reload), not only the running one.</summary>
    [Param("permanent")]
    public bool Permanent { get; set; }

    private bool WantPresent => State != StateAbsent;

    private SystemdAccess Bus => _bus ?? throw new InvalidOperationException($"{this} used before Init");

    public override void Validate()
    {
        if (State is not ("" or StateExists or StateAbsent))
        {
            throw new ResourceValidationException($"state must be '{StateExists}', '{StateAbsent}' or left empty (exists), not '{State}'");
        }
        if (Zone.Length > 0 && !IsName(Zone))
        {
            throw new ResourceValidationException($"zone '{Zone}' is not a zone name (letters, digits, '-', '_' and '.'; 'firewall-cmd --get-zones' lists them)");
        }
        foreach (var service in Services)
        {
            if (!IsName(service))
            {
                throw new ResourceValidationException(service.Length == 0
                    ? "services contains an empty name"
                    : $"services contains '{service}', which is not a service name (letters, digits, '-', '_' and '.'; 'firewall-cmd --get-services' lists them)");
            }
        }
        foreach (var port in Ports)
        {
            ParsePort(port);
        }
    }

    private static bool IsName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Reads <c>PORT/PROTOCOL</c> or <c>LOW-HIGH/PROTOCOL</c>; a mistake is a validation error naming the parameter.</summary>
    public static FirewallPort ParsePort(string text)
    {
        var slash = text.Split('/');
        if (slash.Length != 2 || slash[0].Length == 0 || slash[1].Length == 0)
        {
            throw new ResourceValidationException($"ports contains '{text}', which is not PORT/PROTOCOL or LOW-HIGH/PROTOCOL (such as 8080/tcp)");
        }
        var (low, high) = ParseRange(slash[0]) ?? throw new ResourceValidationException(
            $"ports contains '{text}': '{slash[0]}' is not a port number from 1 to 65535 or a range LOW-HIGH of them");
        if (low > high)
        {
            throw new ResourceValidationException($"ports contains '{text}': the range starts above its end");
        }
        if (!Protocols.Contains(slash[1]))
        {
            throw new ResourceValidationException($"ports contains '{text}': the protocol must be one of {string.Join(", ", Protocols)}, not '{slash[1]}'");
        }
        return new FirewallPort(slash[0], slash[1]);
    }

    /// <summary>The numbers of a port (<c>80</c>) or range (<c>1000-2000</c>), or null when it is neither.</summary>
    internal static (int Low, int High)? ParseRange(string port)
    {
        var parts = port.Split('-');
        if (parts.Length is not (1 or 2)) return null;
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 5 || !parts[i].All(char.IsAsciiDigit)) return null;
            numbers[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
            if (numbers[i] is < 1 or > 65535) return null;
        }
        return (numbers[0], numbers[^1]);
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("firewalld", (Zone.Length == 0 ? "default" : Zone) + ":" + string.Join(",", [.. Services, .. Ports]))];

    // firewalld must run before its settings can be changed: a svc resource that starts it comes first, and so
    // does the package that installs it.
    public IEnumerable<AutoEdgeSeek> AutoEdges() =>
    [
        new AutoEdgeSeek([new ResourceUid("svc", "firewalld.service")], StopWhenFound: false),
        new AutoEdgeSeek([new ResourceUid("pkg", "firewalld")], StopWhenFound: false),
    ];

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _bus = SystemdAccess.For(context);
    }

    public override Task CleanupAsync()
    {
        _client?.Dispose();
        _client = null;
        _bus?.Dispose();
        _bus = null;
        return Task.CompletedTask;
    }
}
