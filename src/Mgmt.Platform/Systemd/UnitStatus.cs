namespace Mgmt.Platform.Systemd;

/// <summary>
/// What systemd says about one unit right now (the properties of <c>org.freedesktop.systemd1.Unit</c> that the
/// resources need). A unit systemd has no file for reads as <see cref="LoadState"/> <c>not-found</c>.
/// </summary>
public sealed record UnitStatus
{
    public required string Name { get; init; }

    /// <summary>loaded, not-found, bad-setting, error or masked.</summary>
    public required string LoadState { get; init; }

    /// <summary>active, reloading, inactive, failed, activating or deactivating.</summary>
    public required string ActiveState { get; init; }

    /// <summary>The type-specific state, such as running, exited, dead, waiting, elapsed.</summary>
    public required string SubState { get; init; }

    /// <summary>enabled, enabled-runtime, linked, masked, static, disabled, indirect, generated, transient... or empty.</summary>
    public required string UnitFileState { get; init; }

    /// <summary>The unit supports reloading (a service with <c>ExecReload=</c>).</summary>
    public bool CanReload { get; init; }

    /// <summary>The unit's file changed on disk since systemd last read it.</summary>
    public bool NeedDaemonReload { get; init; }

    /// <summary>The file systemd loaded the unit from; empty when there is none.</summary>
    public string FragmentPath { get; init; } = "";

    /// <summary>Why loading failed, when <see cref="LoadState"/> says it did.</summary>
    public string LoadError { get; init; } = "";

    /// <summary>systemd has no unit file of that name.</summary>
    public bool NotFound => LoadState == "not-found";

    /// <summary>The unit runs (or is reloading, which is running too).</summary>
    public bool IsActive => ActiveState is "active" or "reloading";

    /// <summary>The unit starts at boot (or with its user's manager) through an <c>[Install]</c> link.</summary>
    public bool IsEnabled => UnitFileState is "enabled" or "enabled-runtime";
}
