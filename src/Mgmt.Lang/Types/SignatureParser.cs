using Mgmt.Engine.Values;

namespace Mgmt.Lang.Types;

/// <summary>
/// Parses a built-in function's type signature written in mcl type syntax with numbered unknowns, such as
/// <c>func(needle ?1, haystack []?1) bool</c>. Each call of <see cref="Parse"/> makes fresh
/// <see cref="TypeVariable"/>s, one per distinct <c>?N</c>, so every call site gets its own unknowns.
/// </summary>
public sealed class SignatureParser
{
    private readonly string _text;
    private readonly Dictionary<string, TypeVariable> _vars = new(StringComparer.Ordinal);
    private int _pos;

    private SignatureParser(string text) => _text = text;

    public static DataType Parse(string text)
    {
        var p = new SignatureParser(text);
        var t = p.Type();
        p.Space();
        if (p._pos != text.Length) throw p.Fail("unexpected trailing text");
        return t;
    }

    /// <summary>Parses a signature that must be a function type.</summary>
    public static FuncType ParseFunc(string text) =>
        Parse(text) as FuncType ?? throw new FormatException($"signature '{text}' is not a function type");

    private DataType Type()
    {
        Space();
        if (Accept("?"))
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            var key = _text[start.._pos];
            if (key.Length == 0) throw Fail("expected a number after '?'");
            if (!_vars.TryGetValue(key, out var v)) _vars[key] = v = new TypeVariable();
            return v;
        }
        if (Accept("[]")) return DataType.List(Type());
        if (Accept("map{"))
        {
            var k = Type();
            Expect(":");
            var v = Type();
            Expect("}");
            return DataType.Map(k, v);
        }
        if (Accept("struct{"))
        {
            var fields = new List<StructField>();
            while (!Accept("}"))
            {
                fields.Add(new StructField(Word(), Type()));
                if (!Accept(";")) { Expect("}"); break; }
            }
            return new StructType(fields);
        }
        if (Accept("func("))
        {
            var ps = new List<FuncParam>();
            var index = 0;
            while (!Accept(")"))
            {
                Space();
                var save = _pos;
                string? name = null;
                if (char.IsAsciiLetterLower(Peek()))
                {
                    var w = Word();
                    Space();
                    if (Peek() is ',' or ')' || w is "bool" or "str" or "int" or "float" or "variant") _pos = save;
                    else name = w;
                }
                // Unnamed parameters get the reference's positional names a, b, c... so edges can be labelled.
                ps.Add(new FuncParam(name ?? ArgName(index), Type()));
                index++;
                if (!Accept(",")) { Expect(")"); break; }
            }
            return DataType.Func(ps, Type());
        }
        return Word() switch
        {
            "bool" => DataType.Bool,
            "str" => DataType.Str,
            "int" => DataType.Int,
            "float" => DataType.Float,
            "variant" => DataType.Variant,
            var w => throw Fail($"unknown type '{w}'"),
        };
    }

    /// <summary>Positional argument names: a, b, ..., z, aa, ab...</summary>
    public static string ArgName(int index) =>
        index < 26 ? ((char)('a' + index)).ToString() : ArgName(index / 26 - 1) + (char)('a' + index % 26);

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Space()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Accept(string s)
    {
        Space();
        if (string.CompareOrdinal(_text, _pos, s, 0, s.Length) != 0) return false;
        _pos += s.Length;
        return true;
    }

    private void Expect(string s)
    {
        if (!Accept(s)) throw Fail($"expected '{s}'");
    }

    private string Word()
    {
        Space();
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        if (start == _pos) throw Fail("expected a name");
        return _text[start.._pos];
    }

    private FormatException Fail(string what) => new($"bad signature '{_text}': {what} at offset {_pos}");
}
