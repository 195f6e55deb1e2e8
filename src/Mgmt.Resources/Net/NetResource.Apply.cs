using System.Text;
using Mgmt.Platform.Files;
using Mgmt.Platform.Network;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

// CheckApply (networkd file, link state, addresses, gateway) and the watch.
public sealed partial class NetResource
{
    private IpRoute Ip => new(Namespace);

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var state = await Ip.ReadAsync(Name, cancel).ConfigureAwait(false)
            ?? throw new IOException($"there is no network interface named {Name}{(Namespace is null ? "" : $" in namespace {Namespace}")}; check the name with `ip link`");
        var ok = CheckFile(apply);
        if (State.Length > 0 && state.Up != (State == Up))
        {
            ok = false;
            Context.Changes.Set("state", state.Up ? Up : Down, State);
            if (apply)
            {
                await Ip.SetUpAsync(Name, State == Up, cancel).ConfigureAwait(false);
                NetLog.Changed(Context.Logger, Name, State == Up ? "brought up" : "brought down");
            }
        }
        if (State == Down) return ok;
        if (Addrs is not null)
        {
            var wanted = Addrs.Select(a => ParseCidr(a)).ToHashSet(StringComparer.Ordinal);
            // Link-local and host-scope addresses belong to the kernel, not to the configuration.
            var present = state.Addresses.Where(a => a.Scope == "global").Select(a => a.Cidr).ToHashSet(StringComparer.Ordinal);
            foreach (var extra in present.Except(wanted))
            {
                ok = false;
                Context.Changes.Set("address", extra, null);
                if (!apply) continue;
                await Ip.DeleteAddressAsync(Name, extra, cancel).ConfigureAwait(false);
                NetLog.Changed(Context.Logger, Name, $"removed {extra}");
            }
            foreach (var missing in wanted.Except(present))
            {
                ok = false;
                Context.Changes.Set("address", null, missing);
                if (!apply) continue;
                await Ip.AddAddressAsync(Name, missing, cancel).ConfigureAwait(false);
                NetLog.Changed(Context.Logger, Name, $"added {missing}");
            }
        }
        if (Gateway.Length > 0 && !(state.DefaultGateways.Count == 1 && state.DefaultGateways[0] == Gateway))
        {
            ok = false;
            Context.Changes.Set("gateway", state.DefaultGateways.Count > 0 ? string.Join(",", state.DefaultGateways) : null, Gateway);
            if (apply)
            {
                await Ip.SetGatewayAsync(Name, Gateway, cancel).ConfigureAwait(false);
                NetLog.Changed(Context.Logger, Name, $"default route via {Gateway}");
            }
        }
        return ok;
    }

    // The networkd file: written while the interface is wanted up, removed when it is wanted down.
    private bool CheckFile(bool apply)
    {
        if (State.Length == 0) return true;
        var stat = Posix.TryStat(UnitFile);
        if (State == Down)
        {
            if (stat is null) return true;
            Context.Changes.Content(UnitFile, File.ReadAllBytes(UnitFile), null);
            if (apply)
            {
                File.Delete(UnitFile);
                NetLog.Changed(Context.Logger, Name, $"removed {UnitFile}");
            }
            return false;
        }
        var content = Encoding.UTF8.GetBytes(UnitContent());
        if (stat is { IsRegular: true } && File.ReadAllBytes(UnitFile).AsSpan().SequenceEqual(content)) return true;
        Context.Changes.Content(UnitFile, stat is { IsRegular: true } ? File.ReadAllBytes(UnitFile) : null, content);
        if (apply)
        {
            if (!Directory.Exists(NetworkdDirectory)) Directory.CreateDirectory(NetworkdDirectory);
            AtomicFile.Write(UnitFile, content, new AtomicWriteOptions { Mode = 0x1A4 });
            NetLog.Changed(Context.Logger, Name, $"wrote {UnitFile}");
        }
        return false;
    }

    public override async Task WatchAsync(CancellationToken cancel)
    {
        using var monitor = Ip.Monitor(Context.Event);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var files = new SystemWatch().File(PathText.Clean(UnitFile)).RunAsync(Context, UnitFile, stop.Token);
        var ended = monitor.WaitAsync(stop.Token);
        try
        {
            if (await Task.WhenAny(files, ended).ConfigureAwait(false) == ended && !cancel.IsCancellationRequested)
            {
                var result = await ended.ConfigureAwait(false);
                throw new IOException($"ip monitor stopped (exit code {result.ExitCode}): {result.Tail().Trim()}");
            }
            await files.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(files, ended).ConfigureAwait(false);
            }
            catch (Exception) when (cancel.IsCancellationRequested || stop.IsCancellationRequested)
            {
            }
        }
    }
}

internal static partial class NetLog
{
    [LoggerMessage(EventId = 7501, Level = LogLevel.Information, Message = "{Name}: {What}")]
    public static partial void Changed(ILogger logger, string name, string what);
}
