using Mgmt.Engine.Resources;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

/// <summary>
/// <c>cron</c>: a systemd timer, the reference's replacement for cron jobs. It writes the timer unit
/// (<c>NAME.timer</c> in the administrator's unit directory) from its parameters, reloads systemd when the file
/// changed, and keeps the timer running (<see cref="State"/> <c>exists</c>) or stopped and removed
/// (<c>absent</c>). The unit the timer starts (<see cref="Unit"/>, <c>NAME.service</c> by default) is managed
/// separately, for example by a file resource and an svc.
/// </summary>
/// <remarks>
/// Watched through inotify on the timer file and systemd's signals about the timer; a refresh restarts the timer,
/// which starts its schedule over. See docs/resources/cron.md.
/// </remarks>
[ResourceKind("cron")]
public sealed partial class CronResource : Resource, IEdgeable, IRefreshable, IReceivable
{
    public const string StateExists = "exists";
    public const string StateAbsent = "absent";

    /// <summary>The triggers a timer can have, as systemd.timer(5) names them.</summary>
    public static IReadOnlyList<string> Triggers { get; } =
        ["OnCalendar", "OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec"];

    private SystemdAccess? _systemd;

    /// <summary>The unit the timer starts; <c>NAME.service</c> when empty.</summary>
    [Param("unit")]
    public string Unit { get; set; } = "";

    /// <summary><c>exists</c> (the timer is installed and running) or <c>absent</c> (stopped and removed).</summary>
    [Param("state")]
    public string State { get; set; } = StateExists;

    /// <summary><c>enabled</c> (the timer starts at boot), <c>disabled</c>, or empty to leave it as it is.</summary>
    [Param("startup")]
    public string Startup { get; set; } = "";

    /// <summary>A timer of the user running mgmt (its <c>systemd --user</c>); its unit must be a user unit too.</summary>
    [Param("session")]
    public bool Session { get; set; }

    /// <summary>What sets the timer off: one of <see cref="Triggers"/>.</summary>
    [Param("trigger")]
    public string Trigger { get; set; } = "";

    /// <summary>For OnCalendar a calendar event (<c>*-*-* 02:00:00</c>, <c>daily</c>); for the others a time span (<c>5min</c>).</summary>
    [Param("time")]
    public string Time { get; set; } = "";

    /// <summary>How precisely the timer fires, as a time span; systemd's default (one minute) when empty.</summary>
    [Param("accuracysec")]
    public string AccuracySec { get; set; } = "";

    /// <summary>A random delay of up to this time span is added to each elapse.</summary>
    [Param("randomizeddelaysec")]
    public string RandomizedDelaySec { get; set; } = "";

    /// <summary>Remember the last run on disk, and catch up on a run missed while the timer was inactive.</summary>
    [Param("persistent")]
    public bool Persistent { get; set; }

    /// <summary>Wake the machine from suspend when the timer elapses.</summary>
    [Param("wakesystem")]
    public bool WakeSystem { get; set; }

    /// <summary>Keep an elapsed timer loaded (true, the default) rather than unloading it.</summary>
    [Param("remainafterelapse")]
    public bool RemainAfterElapse { get; set; } = true;

    /// <summary>The timer's description (what <c>systemctl list-timers</c> shows); a default names mgmt.</summary>
    [Param("description")]
    public string Description { get; set; } = "";

    /// <summary>The timer unit's name: <c>NAME.timer</c>.</summary>
    public string TimerUnit => Name.EndsWith(".timer", StringComparison.Ordinal) ? Name : Name + ".timer";

    /// <summary>The unit the timer starts.</summary>
    public string TargetUnit => Unit.Length > 0 ? Unit : TimerUnit[..^".timer".Length] + ".service";

    /// <summary>Which systemd manages the timer.</summary>
    public SystemdScope Scope => Session ? SystemdScope.User : SystemdScope.System;

    private SystemdAccess Systemd => _systemd ?? throw new InvalidOperationException($"{this} used before Init");

    /// <summary>Where the timer unit file is, as systemd sees it.</summary>
    public string TimerFilePath() => SystemdSettings.AdminUnitDirectory(Scope) + "/" + TimerUnit;

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
