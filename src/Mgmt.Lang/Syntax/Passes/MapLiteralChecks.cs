using System.Globalization;
using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax.Passes;

/// <summary>
/// Init checks of a map literal that can be decided from the source alone: keys whose type is visible
/// (literals) must all have one type, that type must be usable as a key, and constant keys must not repeat.
/// Keys whose type depends on variables or calls are left to type unification.
/// </summary>
internal static class MapLiteralChecks
{
    public static void Check(MapExpr map)
    {
        DataType? keyType = null;
        var constants = new HashSet<(Type, string)>();
        foreach (var entry in map.Entries)
        {
            if (LiteralTypes.Of(entry.Key) is { } t)
            {
                if (!IsHashable(t))
                {
                    throw new LangException(Phase.Init,
                        $"a value of type {t} cannot be a map key: keys must be bool, str, int or float (or structs of those)", map.Span);
                }
                if (keyType is null) keyType = t;
                else if (keyType != t)
                {
                    throw new LangException(Phase.Init,
                        $"this map mixes key types {keyType} and {t}: all keys of a map have the same type", map.Span);
                }
            }
            if (ConstantKey(entry.Key) is { } key && !constants.Add((entry.Key.GetType(), key)))
            {
                throw new LangException(Phase.Init,
                    $"map key {Describe(entry.Key, key)} appears twice in this map; each key may appear only once", map.Span);
            }
        }
    }

    private static bool IsHashable(DataType t) => t switch
    {
        PrimitiveType p => p != DataType.Variant,
        StructType s => s.Fields.All(f => IsHashable(f.Type)),
        _ => false,
    };

    /// <summary>A comparable text for a scalar literal key, or null when the key is not a constant.</summary>
    private static string? ConstantKey(Expr key) => key switch
    {
        BoolExpr b => b.Value ? "true" : "false",
        IntExpr i => i.Value.ToString(CultureInfo.InvariantCulture),
        FloatExpr f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        StrTemplateExpr s => s.RawText,
        StrExpr s => s.Value,
        _ => null,
    };

    private static string Describe(Expr key, string text) => key is StrTemplateExpr or StrExpr ? $"\"{text}\"" : text;
}
