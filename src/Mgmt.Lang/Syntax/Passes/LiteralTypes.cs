using Mgmt.Engine.Values;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax.Passes;

/// <summary>The type of an expression when the source alone shows it (literals and literal containers).</summary>
internal static class LiteralTypes
{
    /// <summary>The type, or null when it depends on anything but literals (or is not consistent).</summary>
    public static DataType? Of(Expr e)
    {
        switch (e)
        {
            case BoolExpr: return DataType.Bool;
            case IntExpr: return DataType.Int;
            case FloatExpr: return DataType.Float;
            case StrExpr or StrTemplateExpr: return DataType.Str;
            case ListExpr l:
                {
                    var element = Common(l.Elements);
                    return element is null ? null : DataType.List(element);
                }
            case MapExpr m:
                {
                    var key = Common(m.Entries.Select(x => x.Key));
                    var value = Common(m.Entries.Select(x => x.Value));
                    return key is null || value is null ? null : DataType.Map(key, value);
                }
            case StructExpr s:
                {
                    var fields = new List<StructField>();
                    foreach (var f in s.Fields)
                    {
                        if (Of(f.Value) is not { } t || fields.Any(x => x.Name == f.Name)) return null;
                        fields.Add(new StructField(f.Name, t));
                    }
                    return new StructType(fields);
                }
            default:
                return null;
        }
    }

    /// <summary>The one type of all the expressions, or null if any is unknown, they differ, or there are none.</summary>
    private static DataType? Common(IEnumerable<Expr> exprs)
    {
        DataType? common = null;
        foreach (var e in exprs)
        {
            var t = Of(e);
            if (t is null || (common is not null && common != t)) return null;
            common = t;
        }
        return common;
    }
}
