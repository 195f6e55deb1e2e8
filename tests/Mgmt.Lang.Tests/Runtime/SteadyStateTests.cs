using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>A program that changes for a long time must not grow: every part built is removed again.</summary>
public sealed class SteadyStateTests
{
    [Fact]
    public async Task ATickingProgramKeepsItsSizeAcrossManyTicks()
    {
        await using var h = Start("""
            import "fake"
            import "fmt"
            import "iter"
            import "math"
            $k = fake.number("k")
            $names = iter.map(iter.range(math.mod($k, 3) + 1), func($j) {
            	fmt.printf("w%d", $j)
            })
            for $i, $v in $names {
            	widget $v {
            		count => $i,
            	}
            }
            $l = ["a", "b"]
            widget [$l[math.mod($k, 3)] <|> "fallback"] {}
            $f = if math.mod($k, 2) == 0 {
            	func($x) {
            		$x + 1
            	}
            } else {
            	func($x) {
            		$x * 2
            	}
            }
            widget "f" {
            	count => $f($k),
            }
            """);

        async Task Tick(long k)
        {
            h.Sources.Push("k", k);
            var graph = await h.NextGraphAsync();
            Assert.Equal(k % 2 == 0 ? k + 1 : k * 2, ((Support.WidgetResource)graph.Find("widget", "f")!).Count);
            Assert.Equal((int)(k % 3) + 3, graph.VertexCount);
        }

        for (long k = 1; k <= 6; k++) await Tick(k);
        var first = h.Runtime.Census();
        for (long k = 7; k <= 600; k++) await Tick(k);
        Assert.Equal(first, h.Runtime.Census());
        Assert.Equal(1, h.Sources.LiveStreams);
    }
}
