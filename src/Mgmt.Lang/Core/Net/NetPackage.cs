using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.NetFunctions;

/// <summary>
/// The <c>net</c> package: address parsing helpers and streams of this machine's interfaces. The interface streams
/// re-read the interface list every few seconds (the reference listens to netlink; .NET offers no portable netlink
/// client, and interface changes are rare).
/// </summary>
internal static class NetPackage
{
    public const string Name = "net";

    private static readonly TimeSpan InterfacePoll = TimeSpan.FromSeconds(5);

    public static void Register(FunctionRegistry registry)
    {
        CidrFunctions.Register(registry, Name);
        MacFunctions.Register(registry, Name);
        AddressFunctions.Register(registry, Name);
        HttpResponseFunction.Register(registry);
        registry
            .Add(Name, new StreamFunction("macs", "func() []str",
                _ => new PollingStream(InterfacePoll, (_, _) => Value.StrList(LocalInterfaces.Macs())),
                "The MAC addresses of this machine's interfaces (not loopback), sorted; updated when they change."))
            .Add(Name, new StreamFunction("wired_interface", "func() str",
                _ => new PollingStream(InterfacePoll, (_, _) => Value.Str(LocalInterfaces.WiredInterface())),
                "The name of the first physical wired Ethernet interface, or \"\"; updated when it changes."))
            .Add(Name, new StreamFunction("interface_cidr", "func(iface str) str",
                _ => new PollingStream(InterfacePoll, (_, a) => Value.Str(LocalInterfaces.InterfaceCidr(a[0].AsStr())
                    ?? throw new CatchableException($"net.interface_cidr: there is no interface named {GoFormat.Quote(a[0].AsStr())}"))),
                "The first IPv4 address of an interface as a CIDR, or \"\"; updated when it changes."));
    }
}
