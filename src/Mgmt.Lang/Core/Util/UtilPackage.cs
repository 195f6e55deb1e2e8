using Mgmt.Engine.Values;
using Mgmt.Lang.Core.NetFunctions;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.UtilFunctions;

/// <summary>The <c>util</c> package.</summary>
internal static class UtilPackage
{
    public const string Name = "util";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new TypedFunction("hostname_mapper", "func(macs map{str: str}) str",
            (_, _, a) => Value.Str(HostnameFor(a[0].AsMap(), LocalInterfaces.Macs())),
            description: "The hostname that the map gives to one of this machine's MAC addresses, or \"\" when none matches.",
            pure: false));

    /// <summary>Picks the one hostname mapped to a local MAC; several different ones is an error.</summary>
    internal static string HostnameFor(MapValue map, IEnumerable<string> localMacs)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var mac in localMacs)
        {
            if (map.TryGet(Value.Str(mac), out var name) && name.AsStr().Length > 0) names.Add(name.AsStr());
        }
        return names.Count switch
        {
            0 => "",
            1 => names.Min!,
            _ => throw new FunctionException(
                $"util.hostname_mapper: this machine's MAC addresses map to several hostnames: {string.Join(", ", names)}"),
        };
    }
}
