using Mgmt.Engine.Runtime;
using Mgmt.Lang.Tests.Runtime.Support;
using static Mgmt.Lang.Tests.Runtime.Support.RuntimeHarness;

namespace Mgmt.Lang.Tests.Runtime;

/// <summary>The graphs a running program yields, handed to a real engine as the agent does.</summary>
public sealed class EngineSwapTests
{
    [Fact]
    public async Task UnchangedResourcesKeepRunningAcrossGraphs()
    {
        await using var h = Start("""
            import "fake"
            $n = fake.number("n")
            widget "stable" {}
            widget "changing" {
            	count => $n,
            }
            if $n < 2 {
            	widget "early" {}
            }
            """);
        var state = Directory.CreateTempSubdirectory("mgmt-runtime-engine-");
        var engine = new Engine.Runtime.Engine(new EngineOptions { StateDirectory = state.FullName, Registry = Kinds });
        try
        {
            h.Sources.Push("n", 1);
            await engine.CommitAsync(await h.NextGraphAsync(), TestContext.Current.CancellationToken);
            var stable = engine.Current!.Find("widget", "stable");
            Assert.NotNull(engine.Current.Find("widget", "early"));

            h.Sources.Push("n", 5);
            await engine.CommitAsync(await h.NextGraphAsync(), TestContext.Current.CancellationToken);
            var current = engine.Current!;
            Assert.Same(stable, current.Find("widget", "stable"));
            Assert.Equal(5, ((WidgetResource)current.Find("widget", "changing")!).Count);
            Assert.Null(current.Find("widget", "early"));
        }
        finally
        {
            await engine.DisposeAsync();
            state.Delete(recursive: true);
        }
    }
}
