using System.Text;

namespace Mgmt.Resources;

// The timer unit file, rendered from the parameters in a fixed order so that an unchanged resource renders the
// same bytes (the file is compared byte for byte to detect drift).
public sealed partial class CronResource
{
    /// <summary>The description written when none is given.</summary>
    public const string DefaultDescription = "Timer managed by mgmt";

    /// <summary>The content of the timer unit file.</summary>
    public string RenderTimerFile()
    {
        var text = new StringBuilder();
        text.Append("# Written by mgmt (cron[").Append(Name).Append("]); changes here are overwritten.\n");
        text.Append("[Unit]\n");
        text.Append("Description=").Append(Description.Length > 0 ? Description : DefaultDescription).Append('\n');
        text.Append("\n[Timer]\n");
        text.Append(Trigger).Append('=').Append(Time.Trim()).Append('\n');
        if (AccuracySec.Length > 0) text.Append("AccuracySec=").Append(AccuracySec.Trim()).Append('\n');
        if (RandomizedDelaySec.Length > 0) text.Append("RandomizedDelaySec=").Append(RandomizedDelaySec.Trim()).Append('\n');
        if (Unit.Length > 0) text.Append("Unit=").Append(Unit).Append('\n');
        if (Persistent) text.Append("Persistent=true\n");
        if (WakeSystem) text.Append("WakeSystem=true\n");
        if (!RemainAfterElapse) text.Append("RemainAfterElapse=false\n");
        text.Append("\n[Install]\nWantedBy=timers.target\n");
        return text.ToString();
    }
}
