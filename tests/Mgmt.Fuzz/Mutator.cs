using System.Text;
using CsCheck;

namespace Mgmt.Fuzz;

/// <summary>
/// Makes new inputs from old ones. A mutation is a short random plan of edits drawn from CsCheck generators:
/// byte changes, deletions, duplications, splices from another input, dictionary tokens of mcl and YAML, and two
/// edits aimed at the front ends' limits: wrapping a piece of text in many nested brackets or blocks, and long flat
/// operator chains.
/// </summary>
internal sealed class Mutator
{
    /// <summary>The largest input made: larger ones only slow the search down.</summary>
    public const int MaxInput = 256 * 1024;

    private static readonly string[] MclTokens =
    [
        "\n", " ", "$x", "$", "\"", "\"${", "}\"", "${$x}", "\\", "{", "}", "(", ")", "[", "]", ",", ";", ":", ".", "=", "=>", "==", "!=",
        "<", ">", "<=", ">=", "+", "-", "*", "/", "->", "<|>", "?:", "#", "0", "-1", "1.5", "9223372036854775808", "true", "false",
        "and", "or", "not", "in", "if", "else", "for", "forkv", "func", "class", "include", "import", "as", "collect", "panic",
        "struct{", "map{", "[]", "str", "int", "float", "bool", "variant", "Meta:", "Depend", "Notify", "Before", "Listen",
        "file \"/tmp/f\" {\n", "Meta => struct{},\n", "\t", "\u00e9", "\uffff", "\u0000",
    ];

    private static readonly string[] YamlTokens =
    [
        "\n", " ", "  ", "- ", ": ", "{", "}", "[", "]", ",", "'", "\"", "|", ">", "&a ", "*a", "!!str ", "!tag ", "? ", "---\n",
        "...\n", "#", "%YAML 1.2\n", "\t", "null", "~", "true", "-1", "1e9", "resources:\n", "edges:\n", "file:\n", "name: x\n",
        "meta: {retry: 1}\n", "from: {kind: file, name: x}\n", "\u00e9", "\u0000", "<<: *a\n",
    ];

    private static readonly (string Open, string Close)[] MclNests =
        [("[", "]"), ("(", ")"), ("{1 => ", "}"), ("struct{a => ", "}"), ("func() {", "}"), ("if true {", "} else {0}"), ("\"${", "}\""), ("if true {\n", "\n}\n"), ("not ", "")];

    private static readonly string[] MclChains = [" + 1", " and true", "[0]", "->a", " <|> 1", " or false", " * 2", "()"];

    private static readonly (string Open, string Close)[] YamlNests = [("[", "]"), ("{a: ", "}"), ("- ", ""), ("&a [", "]")];

    private enum Op
    {
        Flip,
        Delete,
        Duplicate,
        Splice,
        Token,
        Nest,
        Chain,
        Truncate,
    }

    private readonly record struct Step(Op Op, uint A, uint B, uint C);

    private static readonly Gen<Step> AnyStep = Gen.Select(
        Gen.Frequency((2, Gen.Const(Op.Flip)), (4, Gen.Const(Op.Delete)), (4, Gen.Const(Op.Duplicate)), (6, Gen.Const(Op.Splice)),
            (8, Gen.Const(Op.Token)), (1, Gen.Const(Op.Nest)), (1, Gen.Const(Op.Chain)), (1, Gen.Const(Op.Truncate))),
        Gen.UInt, Gen.UInt, Gen.UInt,
        (op, a, b, c) => new Step(op, a, b, c));

    // Mostly one or two edits: more of them rarely leave a program that gets past the parser.
    private static readonly Gen<Step[]> Plan = Gen.Frequency((6, Gen.Const(1)), (3, Gen.Const(2)), (1, Gen.Int[3, 6]))
        .SelectMany(n => AnyStep.Array[n]);

    private readonly IReadOnlyList<Seed> _pool;
    private readonly PCG _random;

    public Mutator(IReadOnlyList<Seed> pool, PCG random)
    {
        _pool = pool;
        _random = random;
    }

    /// <summary>A new input made from <paramref name="input"/> (never larger than <see cref="MaxInput"/>).</summary>
    public byte[] Mutate(Seed input)
    {
        var data = new List<byte>(input.Data);
        foreach (var step in Plan.Generate(_random, null!, out _)) Apply(step, input.Target, data);
        if (data.Count > MaxInput) data.RemoveRange(MaxInput, data.Count - MaxInput);
        return [.. data];
    }

    private void Apply(Step s, Target target, List<byte> data)
    {
        var n = data.Count;
        var at = n == 0 ? 0 : (int)(s.A % (uint)(n + 1));
        var span = n == 0 ? 0 : (int)Math.Min(n - Math.Min(at, n), 1 + (s.B % 64));
        switch (s.Op)
        {
            case Op.Flip when n > 0:
                data[(int)(s.A % (uint)n)] = (byte)s.B;
                break;
            case Op.Delete when n > 0:
                data.RemoveRange(Math.Min(at, n - 1), Math.Max(0, Math.Min(span, n - Math.Min(at, n - 1))));
                break;
            case Op.Duplicate when n > 0:
                data.InsertRange((int)(s.C % (uint)(n + 1)), data.GetRange(at, span));
                break;
            case Op.Splice:
                {
                    var donor = _pool[(int)(s.C % (uint)_pool.Count)].Data;
                    if (donor.Length == 0) break;
                    var from = (int)(s.B % (uint)donor.Length);
                    var length = Math.Min(donor.Length - from, 1 + (int)(s.C % 256));
                    data.InsertRange(at, donor.AsSpan(from, length).ToArray());
                    break;
                }
            case Op.Token:
                {
                    var tokens = target == Target.Mcl ? MclTokens : YamlTokens;
                    data.InsertRange(at, Encoding.UTF8.GetBytes(tokens[s.B % (uint)tokens.Length]));
                    break;
                }
            case Op.Nest:
                {
                    var nests = target == Target.Mcl ? MclNests : YamlNests;
                    var (open, close) = nests[s.B % (uint)nests.Length];
                    var times = 1 + (int)(s.C % 1500);
                    data.InsertRange(Math.Min(at + span, data.Count), Encoding.UTF8.GetBytes(Repeat(close, times)));
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Repeat(open, times)));
                    break;
                }
            case Op.Chain:
                {
                    var link = target == Target.Mcl ? MclChains[s.B % (uint)MclChains.Length] : "\n- x";
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Repeat(link, 1 + (int)(s.C % 3000))));
                    break;
                }
            case Op.Truncate:
                data.RemoveRange(at, n - at);
                break;
        }
    }

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();
}
