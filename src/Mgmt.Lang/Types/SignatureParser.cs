using Mgmt.Engine.Values;

namespace Mgmt.Lang.Types;

/// <summary>
/// Parses a built-in function's type signature written in mcl type syntax with numbered unknowns, such as
/// <c>func(needle ?1, haystack []?1) bool</c>. Each call of <see cref="Parse"/> makes fresh
/// <see cref="TypeVariable"/>s, one per distinct <c>?N</c>, so every call site gets its own unknowns. Unnamed
/// parameters of the outer function get the reference's positional names a, b, c... so that edges can be
/// labelled by argument name.
/// </summary>
public static class SignatureParser
{
    public static DataType Parse(string text)
    {
        var vars = new Dictionary<string, TypeVariable>(StringComparer.Ordinal);
        var type = DataType.Parse(text, key => vars.TryGetValue(key, out var v) ? v : vars[key] = new TypeVariable());
        return type is FuncType f ? NameParameters(f) : type;
    }

    /// <summary>Parses a signature that must be a function type.</summary>
    public static FuncType ParseFunc(string text) =>
        Parse(text) as FuncType ?? throw new FormatException($"signature '{text}' is not a function type");

    /// <summary>Positional argument names: a, b, ..., z, aa, ab...</summary>
    public static string ArgName(int index) =>
        index < 26 ? ((char)('a' + index)).ToString() : ArgName(index / 26 - 1) + (char)('a' + index % 26);

    private static FuncType NameParameters(FuncType f) =>
        f.Parameters.All(p => p.Name is not null)
            ? f
            : DataType.Func([.. f.Parameters.Select((p, i) => p with { Name = p.Name ?? ArgName(i) })], f.Result);
}
