using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.ConstFunctions;

/// <summary>
/// The <c>$const.res.KIND.PARAM.NAME</c> globals: named values of resource parameters, so programs write
/// <c>$const.res.file.state.exists</c> instead of a bare string that a typo could break.
/// </summary>
internal static class ConstGlobals
{
    public static void Register(FunctionRegistry registry)
    {
        States(registry, "file", "exists", "absent");
        States(registry, "firewalld", "exists", "absent");
        States(registry, "net", "up", "down");
        registry
            .AddGlobal("const.res.tar.format.unknown", Value.Int(0))
            .AddGlobal("const.res.tar.format.ustar", Value.Int(2))
            .AddGlobal("const.res.tar.format.pax", Value.Int(4))
            .AddGlobal("const.res.tar.format.gnu", Value.Int(8))
            .AddGlobal("const.res.gzip.level.no_compression", Value.Int(0))
            .AddGlobal("const.res.gzip.level.best_speed", Value.Int(1))
            .AddGlobal("const.res.gzip.level.best_compression", Value.Int(9))
            .AddGlobal("const.res.gzip.level.default_compression", Value.Int(-1))
            .AddGlobal("const.res.gzip.level.huffman_only", Value.Int(-2));
    }

    /// <summary>A kind's state values, plus "undefined" (the empty string: leave the state alone).</summary>
    private static void States(FunctionRegistry registry, string kind, params string[] states)
    {
        foreach (var s in states) registry.AddGlobal($"const.res.{kind}.state.{s}", Value.Str(s));
        registry.AddGlobal($"const.res.{kind}.state.undefined", Value.Str(""));
    }
}
