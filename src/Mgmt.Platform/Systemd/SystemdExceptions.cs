namespace Mgmt.Platform.Systemd;

/// <summary>systemd could not be reached: no bus at the address, or nothing answers for the manager there.</summary>
public sealed class SystemdUnavailableException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>systemd refused or failed a request; the message says what was asked and systemd's reason.</summary>
public sealed class SystemdRequestException(string message, string? errorName = null, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>The D-Bus error name systemd answered with, such as <c>org.freedesktop.systemd1.NoSuchUnit</c>.</summary>
    public string? ErrorName { get; } = errorName;
}

/// <summary>A start, stop, restart or reload job of a unit ended with another result than <c>done</c>.</summary>
public sealed class SystemdJobFailedException(string unit, string action, string result, string message) : IOException(message)
{
    public string Unit { get; } = unit;

    /// <summary>What was asked: start, stop, restart, reload.</summary>
    public string Action { get; } = action;

    /// <summary>systemd's job result: failed, timeout, canceled, dependency, skipped...</summary>
    public string Result { get; } = result;
}
