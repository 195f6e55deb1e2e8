using Mgmt.Engine.Resources;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

/// <summary>
/// <c>svc</c>: a systemd unit (a service unless the name ends with another unit type, such as <c>.socket</c>):
/// running or stopped now (<see cref="State"/>), started at boot or not (<see cref="Startup"/>), of the system
/// or of the user running mgmt (<see cref="Session"/>). Talks to systemd over D-Bus and watches its change
/// signals; a refresh along a notify edge reloads the unit when it supports reloading and restarts it otherwise.
/// </summary>
/// <remarks>
/// An unknown unit, a masked one, or systemd out of reach fails this resource with a message saying so; the
/// rest of the graph keeps running. See docs/resources/svc.md.
/// </remarks>
[ResourceKind("svc")]
public sealed partial class SvcResource : Resource, IEdgeable, IRefreshable
{
    public const string StateRunning = "running";
    public const string StateStopped = "stopped";
    public const string StartupEnabled = "enabled";
    public const string StartupDisabled = "disabled";

    private SystemdAccess? _systemd;

    /// <summary><c>running</c>, <c>stopped</c>, or empty to leave it as it is.</summary>
    [Param("state")]
    public string State { get; set; } = "";

    /// <summary><c>enabled</c> (started at boot), <c>disabled</c>, or empty to leave it as it is.</summary>
    [Param("startup")]
    public string Startup { get; set; } = "";

    /// <summary>A refresh restarts the running unit even when it could reload (Puppet's service semantics).</summary>
    [Param("restartonrefresh")]
    public bool RestartOnRefresh { get; set; }

    /// <summary>A unit of the user running mgmt (its <c>systemd --user</c>) rather than of the system.</summary>
    [Param("session")]
    public bool Session { get; set; }

    /// <summary>The unit: the name with <c>.service</c> appended, unless it already ends with a unit type.</summary>
    public string UnitName => UnitNames.HasSuffix(Name) ? Name : Name + ".service";

    /// <summary>Which systemd manages the unit.</summary>
    public SystemdScope Scope => Session ? SystemdScope.User : SystemdScope.System;

    private SystemdAccess Systemd => _systemd ?? throw new InvalidOperationException($"{this} used before Init");

    public override void Validate()
    {
        if (State is not ("" or StateRunning or StateStopped))
        {
            throw new ResourceValidationException($"state must be '{StateRunning}', '{StateStopped}' or left empty, not '{State}'");
        }
        if (Startup is not ("" or StartupEnabled or StartupDisabled))
        {
            throw new ResourceValidationException($"startup must be '{StartupEnabled}', '{StartupDisabled}' or left empty, not '{Startup}'");
        }
        if (UnitNames.Problem(UnitName) is { } problem)
        {
            throw new ResourceValidationException($"the name does not make a systemd unit name: {problem}");
        }
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
