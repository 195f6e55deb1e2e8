using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Interpret;

/// <summary>Which exported resources a <c>collect</c> statement's name value selects.</summary>
internal static class CollectSelection
{
    /// <summary>
    /// A test of (name, exporting host): a <c>str</c> or <c>[]str</c> selects by name from every host; a
    /// <c>[]struct{name str; host str}</c> selects exactly those pairs.
    /// </summary>
    public static Func<string, string, bool> Of(Value names, SourceSpan span)
    {
        switch (names)
        {
            case StrValue s:
                return (name, _) => name == s.V;
            case ListValue list when list.Type.Element == DataType.Str:
                var set = new HashSet<string>(list.Items.Select(i => i.AsStr()), StringComparer.Ordinal);
                return (name, _) => set.Contains(name);
            case ListValue { Type.Element: StructType } pairs:
                var wanted = new HashSet<(string, string)>();
                foreach (var item in pairs.Items)
                {
                    var s = item.AsStruct();
                    var (name, host) = (Field(s, "name"), Field(s, "host"));
                    if (host == "*")
                    {
                        throw new LangException(Phase.Interpret,
                            $"collect: the host of {name} is \"*\"; give the exporting host's name (as world/collect.res lists it)", span);
                    }
                    wanted.Add((name, host));
                }
                return (name, host) => wanted.Contains((name, host));
            default:
                throw new LangException(Phase.Interpret,
                    $"collect takes a str, a []str or a []struct{{name str; host str}} as its name, not a {names.Type}", span);
        }
    }

    private static string Field(StructValue s, string field)
    {
        for (var i = 0; i < s.Type.Fields.Count; i++)
        {
            if (s.Type.Fields[i].Name == field) return s.Fields[i].AsStr();
        }
        return "";
    }
}
