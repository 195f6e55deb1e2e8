using Mgmt.Engine.Values;

namespace Mgmt.Lang.Core.FmtFunctions;

/// <summary>
/// One <c>%</c> directive of a printf format: flags, optional width and precision, and the verb letter.
/// <c>%-8.3f</c> is flags "-", width 8, precision 3, verb 'f'.
/// </summary>
internal sealed record FormatDirective(string Flags, int? Width, int? Precision, char Verb)
{
    public bool Minus => Flags.Contains('-');
    public bool Plus => Flags.Contains('+');
    public bool Space => Flags.Contains(' ');
    public bool Zero => Flags.Contains('0') && !Minus;
    public bool Sharp => Flags.Contains('#');

    /// <summary>The verbs printf knows, and the mcl type each one prints (null = any type).</summary>
    public static readonly IReadOnlyDictionary<char, DataType?> Verbs = new Dictionary<char, DataType?>
    {
        ['t'] = DataType.Bool,
        ['s'] = DataType.Str,
        ['q'] = DataType.Str,
        ['d'] = DataType.Int,
        ['b'] = DataType.Int,
        ['o'] = DataType.Int,
        ['x'] = DataType.Int,
        ['X'] = DataType.Int,
        ['c'] = DataType.Int,
        ['f'] = DataType.Float,
        ['F'] = DataType.Float,
        ['e'] = DataType.Float,
        ['E'] = DataType.Float,
        ['g'] = DataType.Float,
        ['G'] = DataType.Float,
        ['v'] = null,
        ['T'] = null,
    };

    /// <summary>The type this directive prints, or null when it prints anything.</summary>
    public DataType? ArgumentType => Verbs[Verb];

    public override string ToString() =>
        "%" + Flags + (Width?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")
        + (Precision is { } p ? "." + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "") + Verb;
}
