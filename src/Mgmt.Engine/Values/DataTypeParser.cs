namespace Mgmt.Engine.Values;

/// <summary>
/// Parses the mcl spelling of a fully known type (<c>[]str</c>, <c>map{str: int}</c>,
/// <c>struct{a int; b str}</c>, <c>func(a int) str</c>). Used for declared parameter and send types; the
/// language parses types in source with its own parser, which reports positions.
/// </summary>
internal sealed class DataTypeParser
{
    private readonly string _text;
    private int _pos;

    private DataTypeParser(string text) => _text = text;

    public static DataType Parse(string text)
    {
        var p = new DataTypeParser(text);
        var t = p.ParseType();
        p.SkipSpace();
        if (p._pos != text.Length) throw p.Error("unexpected trailing text");
        return t;
    }

    private DataType ParseType()
    {
        SkipSpace();
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
                // A parameter is either "name type" or just "type".
                var save = _pos;
                string? name = null;
                if (char.IsAsciiLetterLower(Peek()))
                {
                    var id = Identifier();
                    SkipSpace();
                    if (Peek() is ',' or ')' || IsTypeKeyword(id)) _pos = save; else name = id;
                }
                ps.Add(new FuncParam(name, ParseType()));
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

    private static bool IsTypeKeyword(string id) => id is "bool" or "str" or "int" or "float" or "variant" or "map" or "struct" or "func";

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
