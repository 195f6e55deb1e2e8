using Mgmt.Engine.Values;

namespace Mgmt.Lang.Syntax;

// Types written in source: `bool`, `str`, `int`, `float`, `variant`, `[]T`, `map{K: V}`, `struct{a T; b U}`,
// `func(T, $name U) R`.
internal sealed partial class Parser
{
    private static bool StartsType(TokenKind kind) => kind is TokenKind.BoolType or TokenKind.StrType or TokenKind.IntType
        or TokenKind.FloatType or TokenKind.VariantType or TokenKind.LBracket or TokenKind.MapType or TokenKind.StructType
        or TokenKind.Func;

    private DataType ParseType()
    {
        EnterNested();
        var result = ParseTypeNested();
        _depth--;
        return result;
    }

    private DataType ParseTypeNested()
    {
        switch (Kind)
        {
            case TokenKind.BoolType: Advance(); return DataType.Bool;
            case TokenKind.StrType: Advance(); return DataType.Str;
            case TokenKind.IntType: Advance(); return DataType.Int;
            case TokenKind.FloatType: Advance(); return DataType.Float;
            case TokenKind.VariantType: Advance(); return DataType.Variant;
            case TokenKind.LBracket:
                Advance();
                Expect(TokenKind.RBracket, "']' right after '[' in a list type such as `[]str`");
                return DataType.List(ParseType());
            case TokenKind.MapType:
                {
                    Advance();
                    Expect(TokenKind.LBrace, "'{' after `map` in a map type such as `map{str: int}`");
                    var key = ParseType();
                    Expect(TokenKind.Colon, "':' between the key type and the value type of the map type");
                    var value = ParseType();
                    Expect(TokenKind.RBrace, "'}' to close the map type");
                    return DataType.Map(key, value);
                }
            case TokenKind.StructType:
                return ParseStructType();
            case TokenKind.Func:
                return ParseFuncType();
            default:
                throw Unexpected("a type (bool, str, int, float, []T, map{K: V}, struct{name T; ...} or func(T) R)");
        }
    }

    private StructType ParseStructType()
    {
        Advance();
        Expect(TokenKind.LBrace, "'{' after `struct` in a struct type such as `struct{name str; size int}`");
        var fields = new List<StructField>();
        string? duplicate = null;
        if (!At(TokenKind.RBrace))
        {
            var expectation = "a field name or '}'";
            while (true)
            {
                var name = Expect(TokenKind.Identifier, expectation).Text!;
                var type = ParseType();
                if (fields.Any(f => f.Name == name)) duplicate ??= $"{name} {type}";
                else fields.Add(new StructField(name, type));
                if (!Accept(TokenKind.Semicolon)) break;
                expectation = "a field name after ';'";
            }
        }
        var close = Expect(TokenKind.RBrace, "';' and another field, or '}' to close the struct type");
        if (duplicate is not null)
        {
            RecordError(close, $"struct type has a duplicate field `{duplicate}`: every field name must be unique");
        }
        return new StructType(fields);
    }

    private FuncType ParseFuncType()
    {
        Advance();
        Expect(TokenKind.LParen, "'(' after `func` in a function type such as `func(str) int`");
        var (parameters, _, close) = ParseDelimited(TokenKind.RParen, ParseFuncTypeParam, "parameter type");
        if (!StartsType(Kind)) throw Unexpected("the result type of the function type, as in `func(str) int`");
        var result = ParseType();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (p.Name is not null && !names.Add(p.Name))
            {
                RecordError(close, $"function type has two parameters named `${p.Name}`: parameter names must be unique");
                break;
            }
        }
        return DataType.Func(parameters, result);
    }

    /// <summary><c>T</c> or <c>$name T</c>.</summary>
    private FuncParam ParseFuncTypeParam()
    {
        if (!Accept(TokenKind.Dollar)) return new FuncParam(null, ParseType());
        var name = ExpectPlainName("a parameter name right after '$'").Text!;
        return new FuncParam(name, ParseType());
    }
}
