namespace Mgmt.Engine.Values;

/// <summary>
/// Parses the mcl spelling of a type (<c>[]str</c>, <c>map{str: int}</c>, <c>struct{a int; b str}</c>,
/// <c>func(a int, []str) str</c>). With an <c>unknown</c> callback it also accepts numbered unknowns
/// (<c>?1</c>), which the language uses in built-in function signatures; the engine itself never needs them.
/// The language parses types in source with its own parser, which reports positions.
/// </summary>
internal sealed class DataTypeParser
{
    private readonly string _text;
    private readonly Func<string, DataType>? _unknown;
    private int _pos;

    private DataTypeParser(string text, Func<string, DataType>? unknown)
    {
        _text = text;
        _unknown = unknown;
    }

    public static DataType Parse(string text, Func<string, DataType>? unknown = null)
    {
        var p = new DataTypeParser(text, unknown);
        var t = p.ParseType();
        p.SkipSpace();
        if (p._pos != text.Length) throw p.Error("unexpected trailing text");
        return t;
    }

    private DataType ParseType()
    {
        SkipSpace();
        if (_unknown is not null && Accept("?"))
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            if (start == _pos) throw Error("expected a number after '?'");
            return _unknown(_text[start.._pos]);
        }
        if (Accept("[]")) return DataType.List(ParseType());
        if (Accept("map{"))
        {
            var k = ParseType();
            Expect(":");
            var v = ParseType();
            Expect("}");
            return DataType.Map(k, v);
        }
        if (Accept("struct{"))
        {
            var fields = new List<StructField>();
            SkipSpace();
            while (!Accept("}"))
            {
                var name = Identifier();
                fields.Add(new StructField(name, ParseType()));
                SkipSpace();
                if (!Accept(";")) { Expect("}"); break; }
                SkipSpace();
            }
            return new StructType(fields);
        }
        if (Accept("func("))
        {
            var ps = new List<FuncParam>();
            SkipSpace();
            while (!Accept(")"))
            {
                ps.Add(new FuncParam(ParameterName(), ParseType()));
                SkipSpace();
                if (!Accept(",")) { Expect(")"); break; }
                SkipSpace();
            }
            return DataType.Func(ps, ParseType());
        }
        var word = Identifier();
        return word switch
        {
            "bool" => DataType.Bool,
            "str" => DataType.Str,
            "int" => DataType.Int,
            "float" => DataType.Float,
            "variant" => DataType.Variant,
            _ => throw Error($"unknown type '{word}'"),
        };
    }

    /// <summary>
    /// A parameter is either "name type" or just "type". A leading word is a name only when another type follows
    /// it; so <c>func(str str)</c> has a parameter named str, and <c>func(map{str: int})</c> has an unnamed one.
    /// </summary>
    private string? ParameterName()
    {
        if (!char.IsAsciiLetterLower(Peek())) return null;
        var save = _pos;
        var word = Identifier();
        if (Peek() is '{' or '(')
        {
            _pos = save; // map{, struct{, func(: the word starts a type
            return null;
        }
        SkipSpace();
        if (Peek() is ',' or ')' or '\0')
        {
            _pos = save;
            return null;
        }
        return word;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Accept(string s)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, s, 0, s.Length) != 0) return false;
        _pos += s.Length;
        return true;
    }

    private void Expect(string s)
    {
        if (!Accept(s)) throw Error($"expected '{s}'");
    }

    private string Identifier()
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        if (start == _pos) throw Error("expected a name");
        return _text[start.._pos];
    }

    private FormatException Error(string what) => new($"invalid type '{_text}': {what} at offset {_pos}");
}
