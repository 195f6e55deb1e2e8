using System.Diagnostics;
using Mgmt.Platform.Firmware;
using Tmds.DBus.Protocol;

namespace Mgmt.Platform.Tests.Firmware;

/// <summary>
/// What sys/fwupd.reboot_needed reads, on a real private bus (dbus-daemon): no bus and no fwupd both mean "no reboot
/// needed"; with a service that answers fwupd's GetDevices as fwupd does, a device whose UpdateState is 4 means
/// one is needed, and fwupd's signals are followed. (The real fwupd is not run: no device here can be put in the
/// "needs reboot" state without firmware hardware.)
/// </summary>
public sealed class FwupdClientTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-fwupd-").FullName;
    private Process? _bus;
    private string _address = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists("/usr/bin/dbus-daemon")) return;
        var config = Path.Combine(_dir, "bus.conf");
        // A bus like the system bus, but private: anyone here may own and call anything.
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig><type>system</type><listen>unix:path={_dir}/bus</listen><auth>EXTERNAL</auth>
            <policy context="default"><allow user="*"/><allow own="*"/>
            <allow send_type="method_call"/><allow send_type="method_return"/><allow send_type="error"/><allow send_type="signal"/>
            <allow receive_type="method_call"/><allow receive_type="method_return"/><allow receive_type="error"/><allow receive_type="signal"/></policy></busconfig>
            """, Cancel);
        var info = new ProcessStartInfo("/usr/bin/dbus-daemon") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "--config-file=" + config, "--nofork", "--nopidfile", "--print-address" }) info.ArgumentList.Add(a);
        _bus = Process.Start(info)!;
        _address = (await _bus.StandardOutput.ReadLineAsync(Cancel))!.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            _bus.Kill();
            await _bus.WaitForExitAsync();
            _bus.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private void Require() => Assert.SkipWhen(_bus is null, "dbus-daemon is not installed (apt-get install dbus-daemon); CI installs it");

    [Fact]
    public async Task Without_a_bus_there_is_nothing_to_ask()
    {
        Assert.Null(await FwupdClient.TryConnectAsync($"unix:path={_dir}/no-such-bus", Cancel));
    }

    [Fact]
    public async Task A_bus_without_fwupd_needs_no_reboot()
    {
        Require();
        using var connection = await FwupdClient.TryConnectAsync(_address, Cancel);
        Assert.NotNull(connection);
        Assert.False(await FwupdClient.RebootNeededAsync(connection, Cancel));
    }

    [Fact]
    public async Task A_device_waiting_for_a_reboot_is_seen_and_signals_are_followed()
    {
        Require();
        using var service = new DBusConnection(_address);
        await service.ConnectAsync();
        var fwupd = new StandInFwupd([1, 2]);
        service.AddMethodHandler(fwupd);
        await RequestNameAsync(service, FwupdClient.BusName);

        using var client = (await FwupdClient.TryConnectAsync(_address, Cancel))!;
        Assert.False(await FwupdClient.RebootNeededAsync(client, Cancel));
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = await FwupdClient.WatchAsync(client, () => signalled.TrySetResult());

        fwupd.States = [1, FwupdClient.UpdateStateNeedsReboot];
        SendChanged(service);
        await signalled.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        Assert.True(await FwupdClient.RebootNeededAsync(client, Cancel));
    }

    private static async Task RequestNameAsync(DBusConnection connection, string name)
    {
        var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", @interface: "org.freedesktop.DBus", member: "RequestName", signature: "su");
        writer.WriteString(name);
        writer.WriteUInt32(0);
        var message = writer.CreateMessage();
        writer.Dispose();
        var reply = await connection.CallMethodAsync(message, static (m, _) => m.GetBodyReader().ReadUInt32());
        Assert.Equal(1u, reply); // the primary owner
    }

    private static void SendChanged(DBusConnection connection)
    {
        var writer = connection.GetMessageWriter();
        writer.WriteSignalHeader(null, "/", FwupdClient.Interface, "Changed", null);
        var message = writer.CreateMessage();
        writer.Dispose();
        connection.TrySendMessage(message);
    }

    /// <summary>Answers GetDevices with one device per update state, as fwupd does (a list of property dictionaries).</summary>
    private sealed class StandInFwupd(uint[] states) : IPathMethodHandler
    {
        public volatile uint[] States = states;

        public string Path => "/";

        public bool HandlesChildPaths => false;

        public ValueTask HandleMethodAsync(MethodContext context)
        {
            if (context.Request.MemberAsString != "GetDevices") return ValueTask.CompletedTask;
            using var writer = context.CreateReplyWriter("aa{sv}");
            var devices = writer.WriteArrayStart(DBusType.Array);
            foreach (var state in States)
            {
                var properties = writer.WriteDictionaryStart();
                writer.WriteDictionaryEntryStart();
                writer.WriteString("UpdateState");
                writer.WriteVariantUInt32(state);
                writer.WriteDictionaryEntryStart();
                writer.WriteString("Name");
                writer.WriteVariantString("stand-in device");
                writer.WriteDictionaryEnd(properties);
            }
            writer.WriteArrayEnd(devices);
            context.Reply(writer.CreateMessage());
            return ValueTask.CompletedTask;
        }
    }
}
