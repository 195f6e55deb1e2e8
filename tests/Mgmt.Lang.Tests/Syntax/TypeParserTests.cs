using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class TypeParserTests
{
    private static DataType? DeclaredType(string type) =>
        ((BindStmt)Mcl.Parse($"$x {type} = 0\n").Statements[0]).Type;

    [Theory]
    [InlineData("bool")]
    [InlineData("str")]
    [InlineData("int")]
    [InlineData("float")]
    [InlineData("variant")]
    [InlineData("[]str")]
    [InlineData("[][]int")]
    [InlineData("map{str: int}")]
    [InlineData("map{int: []map{str: bool}}")]
    [InlineData("struct{}")]
    [InlineData("struct{a int}")]
    [InlineData("struct{a int; b []str}")]
    [InlineData("func() str")]
    [InlineData("func(str, int) bool")]
    [InlineData("func(a str) func(int) int")]
    public void Types_read_back_as_they_print(string type)
    {
        // `func(a str)` is how a named parameter prints; in source it is written `func($a str)`.
        var source = type.Replace("func(a ", "func($a ", StringComparison.Ordinal);
        Assert.Equal(type, DeclaredType(source)?.ToString());
    }

    [Fact]
    public void Types_are_engine_data_types()
    {
        Assert.Equal(DataType.Map(DataType.Str, DataType.List(DataType.Int)), DeclaredType("map{str: []int}"));
        var f = Assert.IsType<FuncType>(DeclaredType("func($name str, int) bool"));
        Assert.Equal(["name", null], f.Parameters.Select(p => p.Name));
    }

    [Theory]
    [InlineData("$x func(\n\tstr,\n\tint,\n) bool = 0\n")]
    [InlineData("$x func(\n\t$a str,\n) bool = 0\n")]
    public void Function_types_may_list_parameters_one_per_line(string source)
    {
        Assert.IsType<FuncType>(((BindStmt)Mcl.Parse(source).Statements[0]).Type);
    }

    [Theory]
    [InlineData("$x struct{; a int} = 0\n", "1:11-1:12")]
    [InlineData("$x struct{a int;} = 0\n", "1:17-1:18")]
    [InlineData("$x struct{a int b int} = 0\n", "1:17-1:18")]
    [InlineData("$x func(, str) str = 0\n", "1:9-1:10")]
    [InlineData("$x func(str) = 0\n", "1:14-1:15")]
    [InlineData("$x func(\n\tstr\n) str = 0\n", "2:5-2:6")]
    [InlineData("$x map{str} = 0\n", "1:11-1:12")]
    [InlineData("$x [str = 0\n", "1:5-1:6")]
    [InlineData("$x list = 0\n", "1:4-1:5")]
    public void Type_syntax_errors(string text, string position)
    {
        Mcl.FailsAt(text, Phase.LexParse, position);
    }

    [Fact]
    public void A_duplicate_struct_field_is_reported_at_the_closing_brace()
    {
        var error = Mcl.FailsAt("$st struct{x int; x int} = struct{x => 0}\n", Phase.LexParse, "1:24-1:25");
        Assert.Contains("duplicate field `x int`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_syntax_error_replaces_a_duplicate_field_error()
    {
        // As in the reference, the type mistake is noted and parsing goes on; the syntax error is what stops it.
        Mcl.FailsAt("$d []struct{x int;x int}\n", Phase.LexParse, "1:25-1:26");
    }

    [Fact]
    public void Duplicate_named_parameters_in_a_function_type_are_an_error()
    {
        var error = Mcl.Fails("$f func($a str, $a int) str = 0\n");
        Assert.Equal(Phase.LexParse, error.Phase);
        Assert.Contains("$a", error.Message, StringComparison.Ordinal);
    }
}
