using Mgmt.Engine.Resources;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

/// <summary>
/// <c>nspawn</c>: a systemd-nspawn container (a "machine" of systemd-machined), named by the resource, running or
/// stopped. It is started and stopped as <c>machinectl start</c> does, through the unit
/// <c>systemd-nspawn@NAME.service</c>; whether it runs is what machined says. The image is the one machined finds
/// under that name (a directory or disk image in <c>/var/lib/machines</c>).
/// </summary>
/// <remarks>
/// The watch follows machined's MachineNew/MachineRemoved signals and the unit's own change signals, so a machine
/// stopped or started behind mgmt's back is put right. See docs/resources/nspawn.md.
/// </remarks>
[ResourceKind("nspawn")]
public sealed partial class NspawnResource : Resource, IEdgeable
{
    public const string StateRunning = "running";
    public const string StateStopped = "stopped";

    /// <summary>The longest machine name machined accepts (a host name).</summary>
    public const int MaxNameLength = 64;

    /// <summary>The directory where machined looks for images first.</summary>
    public const string ImageDirectory = "/var/lib/machines";

    private SystemdAccess? _systemd;

    /// <summary><c>running</c> (the default, as in the reference) or <c>stopped</c>.</summary>
    [Param("state")]
    public string State { get; set; } = StateRunning;

    /// <summary>The unit that runs the machine: the template <c>systemd-nspawn@.service</c> for this name.</summary>
    public string UnitName => $"systemd-nspawn@{Name}.service";

    private SystemdAccess Systemd => _systemd ?? throw new InvalidOperationException($"{this} used before Init");

    public override void Validate()
    {
        if (State is not (StateRunning or StateStopped))
        {
            throw new ResourceValidationException($"state must be '{StateRunning}' or '{StateStopped}', not '{State}'");
        }
        if (NameProblem(Name) is { } problem)
        {
            throw new ResourceValidationException($"the name is not a machine name: {problem}");
        }
    }

    /// <summary>
    /// Null when <paramref name="name"/> is a name machined accepts for a machine (a host name: letters, digits,
    /// '-', '_' and '.' between labels, at most 64 characters), otherwise what is wrong with it.
    /// </summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name.Length > MaxNameLength) return $"it is longer than {MaxNameLength} characters";
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return $"'{name}' contains '{c}'; machine names are host names (letters, digits, '-', '_' and '.')";
            }
        }
        if (name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal))
        {
            return $"'{name}' has an empty part between dots";
        }
        if (name.StartsWith('-')) return $"'{name}' starts with '-'";
        return null;
    }

    // The instance is the name as it is, as machinectl does it: the template passes %i (not unescaped) to
    // systemd-nspawn as the machine name, and every character a machine name may have is valid in a unit name.

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("nspawn", Name)];

    // The image directory may be made by a file resource, and the unit of the machine may be configured by one
    // (an override in /etc/systemd/nspawn/NAME.nspawn): both come first.
    public IEnumerable<AutoEdgeSeek> AutoEdges()
    {
        var host = _systemd?.Settings ?? SystemdSettings.FromEnvironment();
        return
        [
            new AutoEdgeSeek([new ResourceUid("file", host.HostPath($"{ImageDirectory}/{Name}/"))], StopWhenFound: false),
            new AutoEdgeSeek([new ResourceUid("file", host.HostPath($"/etc/systemd/nspawn/{Name}.nspawn"))], StopWhenFound: false),
        ];
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _systemd = SystemdAccess.For(context);
    }

    public override Task CleanupAsync()
    {
        _systemd?.Dispose();
        _systemd = null;
        return Task.CompletedTask;
    }
}
