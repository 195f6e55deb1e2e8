using System.Threading.Channels;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Platform.Firmware;

namespace Mgmt.Lang.Core.SysFunctions;

/// <summary>
/// <c>sys/fwupd.reboot_needed()</c>: true when the fwupd daemon has deployed a firmware update to some device that
/// waits for a reboot (a device's UpdateState is "needs reboot"). It asks fwupd over the system bus, and asks again
/// at each signal fwupd sends (devices added, removed, changed). Without a system bus, or without fwupd on it, it is
/// false: there is then no firmware update waiting.
/// </summary>
internal static class FwupdRebootNeededFunction
{
    public const string Package = "sys/fwupd";

    public static void Register(FunctionRegistry registry) => registry.Add(Package, new StreamFunction(
        "reboot_needed", "func() bool", _ => new RebootNeededStream(),
        "True when fwupd deployed a firmware update that waits for a reboot; false without fwupd or a system bus."));

    private sealed class RebootNeededStream : StreamNode
    {
        protected override async Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel)
        {
            await StreamLoop.StartAsync(stream, cancel).ConfigureAwait(false);
            using var connection = await FwupdClient.TryConnectAsync(FwupdClient.SystemBusAddress(), cancel).ConfigureAwait(false);
            if (connection is null)
            {
                await stream.EmitAsync(Value.Bool(false)).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
                return;
            }
            var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
            using var watch = await FwupdClient.WatchAsync(connection, () => changes.Writer.TryWrite(true)).ConfigureAwait(false);
            bool? last = null;
            while (true)
            {
                var needed = await FwupdClient.RebootNeededAsync(connection, cancel).ConfigureAwait(false);
                if (needed != last) await stream.EmitAsync(Value.Bool(needed)).ConfigureAwait(false);
                last = needed;
                await changes.Reader.ReadAsync(cancel).ConfigureAwait(false);
            }
        }
    }
}
