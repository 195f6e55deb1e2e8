using Mgmt.Engine.Values;
using Mgmt.Lang.Tests.Runtime.Support;
using static Mgmt.Lang.Tests.Runtime.PropagationTests;
using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>The parts of the graph that follow values: branches, loops, called functions, fallbacks, iterators.</summary>
public sealed class DynamicGraphTests
{
    [Fact]
    public async Task AnIfStatementSwapsItsBranchAndLeavesNothingBehind()
    {
        await using var h = Start("""
            import "fake"
            if fake.truth("c") {
            	widget "then" {
            		count => 1 + 2,
            	}
            } else {
            	widget "else" {}
            }
            """);
        h.Sources.Push("c", true);
        Assert.Equal(["widget[then]"], Vertices(await h.NextGraphAsync()));
        var nodes = h.Runtime.FunctionNodeCount;
        h.Sources.Push("c", false);
        Assert.Equal(["widget[else]"], Vertices(await h.NextGraphAsync()));
        Assert.True(h.Runtime.FunctionNodeCount < nodes);
        h.Sources.Push("c", true);
        Assert.Equal(["widget[then]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(nodes, h.Runtime.FunctionNodeCount);
    }

    [Fact]
    public async Task AnIfExpressionFollowsItsCondition()
    {
        await using var h = Start("""
            import "fake"
            widget "w" {
            	count => if fake.truth("c") { 1 } else { fake.tap_int("else", 2) },
            }
            """);
        h.Sources.Push("c", true);
        Assert.Equal(1, Count(await h.NextGraphAsync()));
        Assert.Equal(0, h.Sources.Calls("else")); // the branch not taken is not even built
        h.Sources.Push("c", false);
        Assert.Equal(2, Count(await h.NextGraphAsync()));
    }

    [Fact]
    public async Task ALoopGrowsAndShrinksWithItsListAndKeepsItsIterations()
    {
        await using var h = Start("""
            import "fake"
            for $i, $v in fake.names("l") {
            	widget fake.tap_str("body", $v) {
            		count => $i,
            	}
            }
            """);
        h.Sources.PushList("l", "a", "b");
        Assert.Equal(["widget[a]", "widget[b]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(2, h.Sources.Calls("body"));

        h.Sources.PushList("l", "a", "b", "c");
        var graph = await h.NextGraphAsync();
        Assert.Equal(["widget[a]", "widget[b]", "widget[c]"], Vertices(graph));
        Assert.Equal(2, ((WidgetResource)graph.Find("widget", "c")!).Count);
        Assert.Equal(3, h.Sources.Calls("body")); // only the new element's body ran

        h.Sources.PushList("l", "a");
        Assert.Equal(["widget[a]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(3, h.Sources.Calls("body"));

        h.Sources.PushList("l", "z");
        Assert.Equal(["widget[z]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(4, h.Sources.Calls("body")); // a changed element flows into its iteration
    }

    [Fact]
    public async Task AForKVLoopIsKeyedByTheMapKeys()
    {
        await using var h = Start("""
            import "fake"
            forkv $k, $v in fake.pairs("m") {
            	widget $k {
            		text => fake.tap_str("body", $v),
            	}
            }
            """);
        var type = DataType.Map(DataType.Str, DataType.Str);
        MapValue Map(params (string K, string V)[] pairs) => new(type, pairs.Select(p => KeyValuePair.Create<Value, Value>(Value.Str(p.K), Value.Str(p.V))));

        h.Sources.Push("m", Map(("a", "1"), ("b", "2")));
        Assert.Equal(["widget[a]", "widget[b]"], Vertices(await h.NextGraphAsync()));
        h.Sources.Push("m", Map(("b", "2"), ("c", "3")));
        var graph = await h.NextGraphAsync();
        Assert.Equal(["widget[b]", "widget[c]"], Vertices(graph));
        Assert.Equal("3", ((WidgetResource)graph.Find("widget", "c")!).Text);
        Assert.Equal(3, h.Sources.Calls("body")); // b kept its iteration
    }

    [Fact]
    public async Task ACallIsRebuiltWhenTheFunctionValueChanges()
    {
        await using var h = Start("""
            import "fake"
            $f = if fake.truth("which") {
            	func($x) {
            		$x + 1
            	}
            } else {
            	func($x) {
            		$x * 2
            	}
            }
            widget "w" {
            	count => $f(fake.number("n")),
            }
            """);
        h.Sources.Push("which", true);
        h.Sources.Push("n", 10);
        Assert.Equal(11, Count(await h.NextGraphAsync()));
        h.Sources.Push("which", false);
        Assert.Equal(20, Count(await h.NextGraphAsync()));
        h.Sources.Push("n", 4);
        Assert.Equal(8, Count(await h.NextGraphAsync()));
        h.Sources.Push("which", true);
        Assert.Equal(5, Count(await h.NextGraphAsync()));
    }

    [Fact]
    public async Task AFallbackIsBuiltOnlyWhileThePrimaryFails()
    {
        await using var h = Start("""
            import "fake"
            $l = ["a", "b"]
            $x = $l[fake.number("i")] <|> fake.tap_str("fallback", "none")
            widget $x {}
            """);
        h.Sources.Push("i", 0);
        Assert.Equal(["widget[a]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(0, h.Sources.Calls("fallback"));
        var nodes = h.Runtime.FunctionNodeCount;

        h.Sources.Push("i", 7);
        Assert.Equal(["widget[none]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(1, h.Sources.Calls("fallback"));

        h.Sources.Push("i", 1);
        Assert.Equal(["widget[b]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(nodes, h.Runtime.FunctionNodeCount); // the fallback is gone again
        Assert.Equal(1, h.Sources.Calls("fallback"));
    }

    [Fact]
    public async Task IterMapCallsItsFunctionPerElement()
    {
        await using var h = Start("""
            import "fake"
            import "iter"
            $out = iter.map(fake.names("l"), func($s) {
            	fake.tap_str("fn", $s) + "!"
            })
            widget $out {}
            """);
        h.Sources.PushList("l", "a", "b");
        Assert.Equal(["widget[a!]", "widget[b!]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(2, h.Sources.Calls("fn"));
        h.Sources.PushList("l", "a", "c");
        Assert.Equal(["widget[a!]", "widget[c!]"], Vertices(await h.NextGraphAsync()));
        Assert.Equal(3, h.Sources.Calls("fn")); // "a" did not run again
        h.Sources.PushList("l", "a", "c", "d");
        Assert.Equal(["widget[a!]", "widget[c!]", "widget[d!]"], Vertices(await h.NextGraphAsync()));
    }

    [Fact]
    public async Task TheOtherIteratorsWork()
    {
        await using var h = Start("""
            import "fmt"
            import "iter"
            import "math"
            $nums = [1, 2, 3, 4]
            $even = iter.filter($nums, func($n) {
            	math.mod($n, 2) == 0
            })
            $sum = iter.reduce($nums, func($a, $b) {
            	$a + $b
            })
            $start = iter.reduce(100, [], func($a, $b) {
            	$a + $b
            })
            $pairs = iter.zip(["x", "y", "z"], [1, 2], func($s, $n) {
            	fmt.printf("%s%d", $s, $n)
            })
            widget fmt.printf("filter %v", $even) {}
            widget fmt.printf("reduce %d %d", $sum, $start) {}
            widget $pairs {}
            """);
        Assert.Equal(
            ["widget[filter [2, 4]]", "widget[reduce 10 100]", "widget[x1]", "widget[y2]"],
            Vertices(await h.NextGraphAsync()));
    }

    [Fact]
    public async Task ReducingAnEmptyListWithoutAnInitialValueIsCatchable()
    {
        await using var h = Start("""
            import "fmt"
            import "iter"
            $empty []int = []
            $sum = iter.reduce($empty, func($a, $b) {
            	$a + $b
            }) <|> -1
            widget fmt.printf("%d", $sum) {}
            """);
        Assert.Equal(["widget[-1]"], Vertices(await h.NextGraphAsync()));
    }

    [Fact]
    public async Task FunctionsClassesAndLoopsNest()
    {
        await using var h = Start("""
            import "fake"
            import "fmt"
            func label($prefix, $n) {
            	fmt.printf("%s-%d", $prefix, $n)
            }
            class pair($base) {
            	$twice = $base * 2
            	widget label("pair", $twice) {}
            }
            for $i, $v in fake.names("l") {
            	include pair($i + 10) as p
            	widget label($v, $p.twice) {}
            }
            """);
        h.Sources.PushList("l", "a", "b");
        Assert.Equal(["widget[a-20]", "widget[b-22]", "widget[pair-20]", "widget[pair-22]"], Vertices(await h.NextGraphAsync()));
    }
}
