using Mgmt.Engine.Resources;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources;

// Validation: everything that can be judged without systemd. Calendar expressions are left to systemd (its
// grammar is large); a timer it cannot load is reported with systemd's own reason when the resource runs.
public sealed partial class CronResource
{
    public override void Validate()
    {
        if (State is not (StateExists or StateAbsent))
        {
            throw Invalid($"state must be '{StateExists}' or '{StateAbsent}', not '{State}'");
        }
        if (Startup is not ("" or SvcResource.StartupEnabled or SvcResource.StartupDisabled))
        {
            throw Invalid($"startup must be '{SvcResource.StartupEnabled}', '{SvcResource.StartupDisabled}' or left empty, not '{Startup}'");
        }
        if (UnitNames.Problem(TimerUnit) is { } timerProblem) throw Invalid($"the name does not make a timer unit name: {timerProblem}");
        if (UnitNames.Problem(TargetUnit) is { } unitProblem) throw Invalid($"unit: {unitProblem}");
        if (TargetUnit.EndsWith(".timer", StringComparison.Ordinal)) throw Invalid("unit: a timer cannot start another timer; name a service (or another unit type)");
        RequireOneLine("time", Time);
        RequireOneLine("accuracysec", AccuracySec);
        RequireOneLine("randomizeddelaysec", RandomizedDelaySec);
        RequireOneLine("description", Description);
        if (State == StateAbsent && Trigger.Length == 0) return; // nothing to write: only the removal matters
        if (!Triggers.Contains(Trigger))
        {
            throw Invalid(Trigger.Length == 0
                ? $"trigger is missing: use one of {string.Join(", ", Triggers)}"
                : $"trigger '{Trigger}' is not known: use one of {string.Join(", ", Triggers)} (the names are case sensitive)");
        }
        if (Time.Trim().Length == 0)
        {
            throw Invalid(Trigger == "OnCalendar"
                ? "time is missing: give a calendar event such as 'daily' or '*-*-* 02:00:00'"
                : "time is missing: give a time span such as '30s' or '1h 30min'");
        }
        if (Trigger != "OnCalendar") RequireTimeSpan("time", Time);
        if (AccuracySec.Length > 0) RequireTimeSpan("accuracysec", AccuracySec);
        if (RandomizedDelaySec.Length > 0) RequireTimeSpan("randomizeddelaysec", RandomizedDelaySec);
    }

    private static void RequireOneLine(string param, string value)
    {
        if (value.Any(char.IsControl)) throw Invalid($"{param} must be one line of text without control characters");
    }

    private static void RequireTimeSpan(string param, string value)
    {
        if (TimeSpanText.Problem(value) is { } problem) throw Invalid($"{param}: {problem}");
    }

    private static ResourceValidationException Invalid(string message) => new(message);
}
