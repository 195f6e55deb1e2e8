using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Builtins;

/// <summary>
/// Index and key lookups shared by <c>$l[i]</c>, <c>$m[k]</c>, <c>list.lookup</c> and <c>map.lookup</c>. A missing
/// index or key is a catchable error, so <c>$l[9] &lt;|&gt; "default"</c> works.
/// </summary>
internal static class Lookups
{
    /// <summary>Longest printed container kept in an error message, so huge lists do not flood the log.</summary>
    private const int MaxShown = 200;

    public static Value List(ListValue list, long index)
    {
        if (index < 0)
        {
            throw new CatchableException($"list index {index} is negative; indexes start at 0 (list: {Show(list)})");
        }
        if (index >= list.Count)
        {
            throw new CatchableException(
                $"list index {index} is out of range: the list has {list.Count} element{(list.Count == 1 ? "" : "s")} (list: {Show(list)})");
        }
        return list[(int)index];
    }

    public static Value Map(MapValue map, Value key)
    {
        if (map.TryGet(key, out var value)) return value;
        throw new CatchableException($"map has no key {key} (map: {Show(map)})");
    }

    private static string Show(Value v)
    {
        var s = v.ToString();
        return s.Length <= MaxShown ? s : s[..MaxShown] + "...";
    }
}
