using System.Text.Json;
using Mgmt.Platform.Processes;

namespace Mgmt.Platform.Network;

/// <summary>One address of a network interface, as <c>ip</c> reports it.</summary>
public sealed record InterfaceAddress(string Family, string Address, int Prefix, string Scope)
{
    /// <summary><c>ADDRESS/PREFIX</c>.</summary>
    public string Cidr => $"{Address}/{Prefix}";
}

/// <summary>The state of one network interface: whether it is administratively up, its addresses, its default gateway.</summary>
public sealed record InterfaceState(string Name, bool Up, IReadOnlyList<InterfaceAddress> Addresses, IReadOnlyList<string> DefaultGateways);

/// <summary>
/// Links, addresses and default routes through iproute2's <c>ip</c> (its JSON output), which speaks rtnetlink to the
/// kernel. With <see cref="Namespace"/> every command acts in that network namespace (<c>ip -n</c>).
/// </summary>
public sealed class IpRoute(string? @namespace = null)
{
    /// <summary>The named network namespace commands act in; null for this process's own.</summary>
    public string? Namespace { get; } = @namespace;

    /// <summary>The interface's state, or null when there is no interface of that name.</summary>
    public async Task<InterfaceState?> ReadAsync(string name, CancellationToken cancel)
    {
        var addr = await RunAsync(["-json", "addr", "show", "dev", name], cancel, missingIsNull: true).ConfigureAwait(false);
        if (addr is null) return null;
        using var links = JsonDocument.Parse(addr);
        if (links.RootElement.GetArrayLength() == 0) return null;
        var link = links.RootElement[0];
        var up = link.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP");
        var addresses = new List<InterfaceAddress>();
        if (link.TryGetProperty("addr_info", out var info))
        {
            foreach (var a in info.EnumerateArray())
            {
                if (!a.TryGetProperty("local", out var local)) continue;
                addresses.Add(new InterfaceAddress(a.GetProperty("family").GetString() ?? "", local.GetString() ?? "", a.GetProperty("prefixlen").GetInt32(),
                    a.TryGetProperty("scope", out var scope) ? scope.GetString() ?? "" : ""));
            }
        }
        var routes = await RunAsync(["-json", "-4", "route", "show", "default", "dev", name], cancel).ConfigureAwait(false);
        using var routeList = JsonDocument.Parse(routes!.Length == 0 ? "[]" : routes);
        var gateways = routeList.RootElement.EnumerateArray()
            .Select(r => r.TryGetProperty("gateway", out var g) ? g.GetString() ?? "" : "").ToList();
        return new InterfaceState(name, up, addresses, gateways);
    }

    public Task SetUpAsync(string name, bool up, CancellationToken cancel) => RunAsync(["link", "set", "dev", name, up ? "up" : "down"], cancel);

    public Task AddAddressAsync(string name, string cidr, CancellationToken cancel) => RunAsync(["addr", "add", cidr, "dev", name], cancel);

    public Task DeleteAddressAsync(string name, string cidr, CancellationToken cancel) => RunAsync(["addr", "del", cidr, "dev", name], cancel);

    /// <summary>Makes <paramref name="gateway"/> the one default IPv4 route through the interface.</summary>
    public async Task SetGatewayAsync(string name, string gateway, CancellationToken cancel)
    {
        await RunAsync(["-4", "route", "flush", "exact", "0.0.0.0/0", "dev", name], cancel).ConfigureAwait(false);
        await RunAsync(["-4", "route", "replace", "default", "via", gateway, "dev", name, "proto", "static"], cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts <c>ip monitor link address route</c>, which prints a line for every change the kernel announces on
    /// rtnetlink; <paramref name="onChange"/> is called for each. The process runs until cancelled.
    /// </summary>
    public RunningProcess Monitor(Action onChange) => RunningProcess.Start(new ProcessSpec
    {
        Name = "ip monitor",
        Command = "ip",
        Args = [.. Prefix(), "monitor", "link", "address", "route"],
        Environment = Env(),
        Capture = false,
        OnLine = _ => onChange(),
    });

    private string[] Prefix() => Namespace is null ? [] : ["-n", Namespace];

    private static Dictionary<string, string> Env() => new() { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin", ["LC_ALL"] = "C" };

    private async Task<string?> RunAsync(string[] args, CancellationToken cancel, bool missingIsNull = false)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec { Name = "ip", Command = "ip", Args = [.. Prefix(), .. args], Environment = Env(), Timeout = TimeSpan.FromSeconds(30) }, cancel).ConfigureAwait(false);
        if (result.Succeeded) return result.Stdout;
        var problem = result.Tail().Trim();
        if (missingIsNull && problem.Contains("does not exist", StringComparison.Ordinal)) return null;
        throw new IOException($"ip {string.Join(' ', args)} failed: {problem}");
    }
}
