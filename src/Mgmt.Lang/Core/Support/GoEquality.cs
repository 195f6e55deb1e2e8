using Mgmt.Engine.Values;

namespace Mgmt.Lang.Core.Support;

/// <summary>
/// Equality of mcl values as the language defines it for <c>==</c>, <c>in</c> and friends: structural, with floats
/// compared as numbers (so NaN is never equal to anything, unlike <see cref="Value.Equals(Value)"/>, which must be
/// reflexive to serve as a dictionary key).
/// </summary>
internal static class GoEquality
{
    public static bool Equal(Value a, Value b) => (a, b) switch
    {
        (FloatValue x, FloatValue y) => x.V == y.V,
        (ListValue x, ListValue y) => x.Count == y.Count && x.Items.Zip(y.Items).All(p => Equal(p.First, p.Second)),
        (StructValue x, StructValue y) => x.Type.Equals(y.Type) && x.Fields.Zip(y.Fields).All(p => Equal(p.First, p.Second)),
        (MapValue x, MapValue y) => x.Count == y.Count
            && x.Entries.All(e => y.TryGet(e.Key, out var v) && Equal(e.Value, v)),
        _ => a.Equals(b),
    };
}
