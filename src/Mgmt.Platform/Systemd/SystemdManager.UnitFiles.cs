using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Systemd;

/// <summary>One change systemd made to the unit file links: a symlink created or removed.</summary>
public sealed record UnitFileChange(string Type, string Path, string Source);

// Enabling and disabling unit files, and reloading the manager's configuration (daemon-reload).
public sealed partial class SystemdManager
{
    /// <summary>
    /// Enables <paramref name="unit"/> for good (the <c>[Install]</c> links under /etc or the user's config), then
    /// reloads systemd so that it sees the new links, as <c>systemctl enable</c> does. Returns the links made;
    /// none when the unit was already enabled.
    /// </summary>
    public async Task<IReadOnlyList<UnitFileChange>> EnableUnitFileAsync(string unit, CancellationToken cancel)
    {
        var changes = await CallAsync(
            ManagerCall("EnableUnitFiles", "asbb", (ref MessageWriter w) =>
            {
                w.WriteArray(new[] { unit });
                w.WriteBool(false); // persistent, not only until reboot
                w.WriteBool(true); // replace links that point elsewhere
            }),
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                reader.ReadBool(); // whether the unit has install information; the links tell the rest
                return ReadChanges(ref reader);
            },
            $"enable {unit}", cancel).ConfigureAwait(false);
        await ReloadAsync(cancel).ConfigureAwait(false);
        return changes;
    }

    /// <summary>Disables <paramref name="unit"/> (removes its install links), then reloads systemd.</summary>
    public async Task<IReadOnlyList<UnitFileChange>> DisableUnitFileAsync(string unit, CancellationToken cancel)
    {
        var changes = await CallAsync(
            ManagerCall("DisableUnitFiles", "asb", (ref MessageWriter w) =>
            {
                w.WriteArray(new[] { unit });
                w.WriteBool(false);
            }),
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                return ReadChanges(ref reader);
            },
            $"disable {unit}", cancel).ConfigureAwait(false);
        await ReloadAsync(cancel).ConfigureAwait(false);
        return changes;
    }

    /// <summary>Makes systemd read every unit file again (<c>systemctl daemon-reload</c>); returns when it has.</summary>
    public Task ReloadAsync(CancellationToken cancel) => CallAsync(ManagerCall("Reload", ""), "reload its unit files", cancel);

    private static IReadOnlyList<UnitFileChange> ReadChanges(ref Reader reader)
    {
        var changes = new List<UnitFileChange>();
        var end = reader.ReadArrayStart(DBusType.Struct);
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            changes.Add(new UnitFileChange(reader.ReadString(), reader.ReadString(), reader.ReadString()));
        }
        return changes;
    }
}
