namespace Mgmt.Platform.Systemd;

/// <summary>Which systemd instance a unit belongs to.</summary>
public enum SystemdScope
{
    /// <summary>The system manager (PID 1), reached over the system bus.</summary>
    System,

    /// <summary>The calling user's own manager (<c>systemd --user</c>), reached over that user's session bus.</summary>
    User,
}
