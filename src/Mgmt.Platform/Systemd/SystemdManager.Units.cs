using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Systemd;

// Unit state and unit jobs (start, stop, restart, reload), each awaited until systemd reports its result.
public sealed partial class SystemdManager
{
    /// <summary>The job modes of systemd: <c>replace</c> queues the job, replacing conflicting queued jobs.</summary>
    public const string ModeReplace = "replace";

    /// <summary>
    /// The state of <paramref name="unit"/>. Loads the unit if systemd has not yet (a unit without a file reads as
    /// not-found rather than failing).
    /// </summary>
    public async Task<UnitStatus> GetUnitAsync(string unit, CancellationToken cancel)
    {
        var path = await CallAsync(ManagerCall("LoadUnit", "s", (ref MessageWriter w) => w.WriteString(unit)),
            static (m, _) => m.GetBodyReader().ReadObjectPathAsString(), $"look up the unit {unit}", cancel).ConfigureAwait(false);
        var properties = await GetAllAsync(path, UnitInterface, $"read the state of {unit}", cancel).ConfigureAwait(false);
        return new UnitStatus
        {
            Name = unit,
            LoadState = Text(properties, "LoadState"),
            ActiveState = Text(properties, "ActiveState"),
            SubState = Text(properties, "SubState"),
            UnitFileState = Text(properties, "UnitFileState"),
            CanReload = Flag(properties, "CanReload"),
            NeedDaemonReload = Flag(properties, "NeedDaemonReload"),
            FragmentPath = Text(properties, "FragmentPath"),
            LoadError = LoadErrorOf(properties),
        };
    }

    /// <summary>
    /// The manager's overall state: initializing, starting, running, degraded (running, with failed units),
    /// maintenance or stopping.
    /// </summary>
    public Task<string> GetSystemStateAsync(CancellationToken cancel) => CallAsync(
        Call(ManagerPath, PropertiesInterface, "Get", "ss", (ref MessageWriter w) =>
        {
            w.WriteString(ManagerInterface);
            w.WriteString("SystemState");
        }),
        static (m, _) => m.GetBodyReader().ReadVariantValue().GetString(), "read the manager's state", cancel);

    /// <summary>The main process of a running service, or 0 when it has none.</summary>
    public async Task<uint> GetMainPidAsync(string unit, CancellationToken cancel)
    {
        var value = await GetPropertyAsync(unit, ServiceInterface, "MainPID", cancel).ConfigureAwait(false);
        return value.GetUInt32();
    }

    /// <summary>How a service last ended (success, exit-code, signal, timeout...), for error messages.</summary>
    public async Task<string> GetServiceResultAsync(string unit, CancellationToken cancel)
    {
        var value = await GetPropertyAsync(unit, ServiceInterface, "Result", cancel).ConfigureAwait(false);
        return value.GetString();
    }

    /// <summary>Starts <paramref name="unit"/> and waits until systemd reports the start job's result.</summary>
    public Task StartUnitAsync(string unit, CancellationToken cancel) => RunJobAsync("StartUnit", "start", unit, cancel);

    /// <summary>Stops <paramref name="unit"/> and waits until it is stopped.</summary>
    public Task StopUnitAsync(string unit, CancellationToken cancel) => RunJobAsync("StopUnit", "stop", unit, cancel);

    /// <summary>Restarts <paramref name="unit"/> (starting it if it was stopped) and waits for the result.</summary>
    public Task RestartUnitAsync(string unit, CancellationToken cancel) => RunJobAsync("RestartUnit", "restart", unit, cancel);

    /// <summary>
    /// Reloads <paramref name="unit"/> if it supports reloading, otherwise restarts it, but only if it runs (a
    /// stopped unit stays stopped); waits for the result.
    /// </summary>
    public Task ReloadOrTryRestartUnitAsync(string unit, CancellationToken cancel) =>
        RunJobAsync("ReloadOrTryRestartUnit", "reload or restart", unit, cancel);

    private async Task RunJobAsync(string method, string action, string unit, CancellationToken cancel)
    {
        var job = await CallAsync(
            ManagerCall(method, "ss", (ref MessageWriter w) =>
            {
                w.WriteString(unit);
                w.WriteString(ModeReplace);
            }),
            static (m, _) => m.GetBodyReader().ReadObjectPathAsString(), $"{action} {unit}", cancel).ConfigureAwait(false);
        var result = await _jobs.WaitAsync(job, cancel).ConfigureAwait(false);
        if (result is "done" or "skipped") return;
        throw new SystemdJobFailedException(unit, action, result, await DescribeFailureAsync(unit, action, result, cancel).ConfigureAwait(false));
    }

    private async Task<string> DescribeFailureAsync(string unit, string action, string result, CancellationToken cancel)
    {
        var why = result switch
        {
            "failed" => "the job failed",
            "timeout" => "systemd gave up waiting for it",
            "canceled" => "another job replaced it",
            "dependency" => "a unit it depends on failed",
            "unsupported" => "this unit type does not support it",
            "invalid" => "it does not apply to this unit",
            _ => "systemd reports '" + result + "'",
        };
        var detail = "";
        if (unit.EndsWith(".service", StringComparison.Ordinal))
        {
            try
            {
                var how = await GetServiceResultAsync(unit, cancel).ConfigureAwait(false);
                if (how.Length > 0 && how != "success") detail = $" (the service ended with: {how})";
            }
            catch (IOException)
            {
                // The explanation is a courtesy; the failure itself is what must be reported.
            }
        }
        var journal = Scope == SystemdScope.System ? $"journalctl -u {unit}" : $"journalctl --user -u {unit}";
        return $"could not {action} {unit}: {why}{detail}; see '{journal}'";
    }

    private async Task<VariantValue> GetPropertyAsync(string unit, string @interface, string name, CancellationToken cancel)
    {
        var path = UnitNames.ObjectPath(unit);
        return await CallAsync(
            Call(path, PropertiesInterface, "Get", "ss", (ref MessageWriter w) =>
            {
                w.WriteString(@interface);
                w.WriteString(name);
            }),
            static (m, _) => m.GetBodyReader().ReadVariantValue(), $"read {name} of {unit}", cancel).ConfigureAwait(false);
    }

    private Task<Dictionary<string, VariantValue>> GetAllAsync(string path, string @interface, string what, CancellationToken cancel) =>
        CallAsync(Call(path, PropertiesInterface, "GetAll", "s", (ref MessageWriter w) => w.WriteString(@interface)),
            static (m, _) => m.GetBodyReader().ReadDictionaryOfStringToVariantValue(), what, cancel);

    private static string Text(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.String ? v.GetString() : "";

    private static bool Flag(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Bool && v.GetBool();

    // LoadError is (ss): a D-Bus error name and a human sentence; the sentence is what users need.
    private static string LoadErrorOf(Dictionary<string, VariantValue> properties)
    {
        if (!properties.TryGetValue("LoadError", out var v) || v.Type != VariantValueType.Struct || v.Count < 2) return "";
        return v.GetItem(1).GetString();
    }
}
