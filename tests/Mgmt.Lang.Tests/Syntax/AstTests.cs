using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class AstTests
{
    private const string Source = """
        import "fmt"
        class c($a str) {
        	test "${a}" {
        		anotherstr => $b ?: fmt.printf("%d", $l[0] + 1),
        		Before => Test[$n],
        		Meta => struct{noop => true},
        	}
        }
        $m = {"k" => func($x) { if $x { [1] } else { [] } }(true)}
        Test["a"].hello -> Print["b"].msg
        for $i, $v in $l {
        	include c($v) as inc
        }
        forkv $k, $v in $m {
        }
        panic(not $ok <|> false)

        """;

    [Fact]
    public void Clone_is_deep_and_equal_in_shape()
    {
        var original = Mcl.Parse(Source);
        var copy = original.Clone();
        Assert.Equal(AstPrinter.Print(original), AstPrinter.Print(copy));
        var originalNodes = AstWalker.DescendantsAndSelf(original).ToList();
        var copiedNodes = AstWalker.DescendantsAndSelf(copy).ToList();
        Assert.Equal(originalNodes.Count, copiedNodes.Count);
        for (var i = 0; i < originalNodes.Count; i++)
        {
            Assert.NotSame(originalNodes[i], copiedNodes[i]);
            Assert.Equal(originalNodes[i].GetType(), copiedNodes[i].GetType());
            Assert.Equal(originalNodes[i].Span, copiedNodes[i].Span);
        }
    }

    [Fact]
    public void Changing_a_clone_leaves_the_original_alone()
    {
        var original = Mcl.Parse("$x = [1, 2]\n");
        var copy = original.Clone();
        var list = (ListExpr)((BindStmt)copy.Statements[0]).Value;
        list.Elements.Add(new IntExpr { Value = 3 });
        ((IntExpr)list.Elements[0]).Value = 9;
        Assert.Equal("$x = [1, 2]", AstPrinter.Print(original));
        Assert.Equal("$x = [9, 2, 3]", AstPrinter.Print(copy));
    }

    [Fact]
    public void The_walker_visits_parents_before_children_in_source_order()
    {
        var program = Mcl.Parse("$x = f(1, g(2))\n$y = 3\n");
        var ints = AstWalker.DescendantsOfType<IntExpr>(program).Select(i => i.Value);
        Assert.Equal([1L, 2, 3], ints);
        var kinds = AstWalker.DescendantsAndSelf(program).Select(n => n.GetType().Name).Take(4);
        Assert.Equal(["ProgramStmt", "BindStmt", "CallExpr", "IntExpr"], kinds);
    }

    [Fact]
    public void The_walker_reaches_every_expression_of_every_construct()
    {
        var program = Mcl.Parse(Source);
        var vars = AstWalker.DescendantsOfType<VarExpr>(program).Select(v => v.Name).ToHashSet();
        Assert.Equal(new HashSet<string> { "b", "l", "n", "x", "ok", "v", "m" }, vars);
        Assert.Equal(5, AstWalker.DescendantsOfType<StrTemplateExpr>(program).Count());
    }

    [Fact]
    public void Visit_can_skip_subtrees()
    {
        var program = Mcl.Parse("$x = [1, [2, 3]]\n");
        var seen = new List<long>();
        AstWalker.Visit(program, n =>
        {
            if (n is IntExpr i) seen.Add(i.Value);
            return n is not ListExpr { Elements.Count: 2 } inner || inner.Elements[0] is IntExpr { Value: 1 };
        });
        Assert.Equal([1L], seen);
    }

    [Fact]
    public void The_rewriter_replaces_expressions_everywhere()
    {
        var program = Mcl.Parse(Source);
        var count = 0;
        AstRewriter.Rewrite(program, e =>
        {
            if (e is not VarExpr v) return null;
            count++;
            return new VarExpr { Name = v.Name + "2", Span = v.Span };
        });
        Assert.Equal(AstWalker.DescendantsOfType<VarExpr>(Mcl.Parse(Source)).Count(), count);
        Assert.All(AstWalker.DescendantsOfType<VarExpr>(program), v => Assert.EndsWith("2", v.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_node_kind_has_a_short_description()
    {
        Assert.All(AstWalker.DescendantsAndSelf(Mcl.Parse(Source)), n => Assert.False(string.IsNullOrEmpty(n.ToString())));
        Assert.Equal("res(test)", AstWalker.DescendantsOfType<ResourceStmt>(Mcl.Parse(Source)).First().ToString());
    }
}
