using System.Globalization;

namespace Mgmt.World.Core;

/// <summary>
/// Who this process is, in terms that survive in the store after it dies: the machine id, the boot id and the
/// process's start time (clock ticks since boot, from <c>/proc</c>). With them a restarted agent can prove that
/// a hostname claim was made by an earlier run on this very machine that is no longer alive, and take it over at
/// once instead of waiting for the claim's lease to run out.
/// </summary>
internal static class ProcessIdentity
{
    /// <summary>This machine's id (<c>/etc/machine-id</c>), or null where it has none.</summary>
    public static string? MachineId { get; } = ReadFirst("/etc/machine-id", "/var/lib/dbus/machine-id");

    /// <summary>The id of this boot of the machine, or null outside Linux.</summary>
    public static string? BootId { get; } = ReadFirst("/proc/sys/kernel/random/boot_id");

    /// <summary>The start time of process <paramref name="pid"/> in clock ticks since boot; null when it does not exist.</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Field 22 (starttime) is the 20th after the name.
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when a process described by these ids is provably not running any more: it ran on this machine, and
    /// either the machine rebooted since, or no process with its pid and start time exists now.
    /// </summary>
    public static bool IsGoneFromThisMachine(string? machine, string? boot, int pid, long? processStart)
    {
        if (machine is null || MachineId is null || machine != MachineId)
        {
            return false; // another machine (or unknown): nothing can be proven from here
        }
        if (boot is not null && BootId is not null && boot != BootId)
        {
            return true; // it ran before this machine's last boot
        }
        if (processStart is null || boot is null)
        {
            return false;
        }
        return StartTicks(pid) != processStart;
    }

    private static string? ReadFirst(params string[] paths)
    {
        foreach (var path in paths)
        {
            try
            {
                var text = File.ReadAllText(path).Trim();
                if (text.Length > 0) return text;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return null;
    }
}
