using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Mgmt.Cli.Agent;
using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.Logging;
using Mgmt.Engine.Graph;
using Mgmt.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Tests.Agent;

/// <summary>The agent in process, fed by a front end the test controls.</summary>
public sealed class AgentRunnerTests
{
    private readonly StringWriter _log = new();
    private readonly StringWriter _errors = new();

    private AgentRunner Runner(AgentSettings? settings = null) =>
        new(settings ?? new AgentSettings { TmpPrefix = true }, new LineLoggerFactory(TextWriter.Synchronized(_log), LogLevel.Information), TextWriter.Synchronized(_errors))
        {
            HandleSignals = false,
        };

    private static ResourceGraph Graph(params string[] noops)
    {
        var g = new ResourceGraph { Name = "test" };
        foreach (var n in noops) g.AddVertex(new NoopResource { Name = n });
        return g;
    }

    [Fact]
    public async Task Cancelling_the_run_stops_it_cleanly()
    {
        var frontEnd = new ScriptedFrontEnd();
        frontEnd.Send(FrontEndResult.Of(Graph("a")));
        using var cancel = new CancellationTokenSource();
        var run = Runner().RunAsync(frontEnd, _ => null, cancel.Token);
        await WaitForLogAsync("graph test is running (1 resources");
        await cancel.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await run);
        Assert.Contains("stopping: cancelled", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_result_with_errors_is_printed_plainly_and_exits_2()
    {
        var frontEnd = new ScriptedFrontEnd();
        frontEnd.Send(FrontEndResult.Failed([new SourceDiagnostic("f.yaml", 3, 4, "something is wrong")]));
        var code = await Runner().RunAsync(frontEnd, _ => null, TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("mgmt: error: f.yaml:3:4: something is wrong\nmgmt: nothing was changed; fix the input and run again\n", _errors.ToString());
    }

    [Fact]
    public async Task A_first_graph_the_engine_refuses_exits_2()
    {
        var g = Graph("a", "b");
        g.Connect(g.Find("noop", "a")!, g.Find("noop", "b")!);
        g.Connect(g.Find("noop", "b")!, g.Find("noop", "a")!);
        var frontEnd = new ScriptedFrontEnd();
        frontEnd.Send(FrontEndResult.Of(g));
        var code = await Runner().RunAsync(frontEnd, _ => null, TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("noop[a]", _errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("nothing was changed", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Later_bad_graphs_are_logged_and_the_running_graph_stays()
    {
        var frontEnd = new ScriptedFrontEnd();
        frontEnd.Send(FrontEndResult.Of(Graph("a")));
        using var cancel = new CancellationTokenSource();
        var run = Runner().RunAsync(frontEnd, _ => null, cancel.Token);
        await WaitForLogAsync("graph test is running (1 resources");

        frontEnd.Send(FrontEndResult.Failed([new SourceDiagnostic("f.yaml", 1, 1, "broken edit")]));
        await WaitForLogAsync("the previous graph keeps running");
        Assert.Contains("error agent: f.yaml:1:1: broken edit", _log.ToString(), StringComparison.Ordinal);

        frontEnd.Send(FrontEndResult.Of(Graph("a", "b")));
        await WaitForLogAsync("graph test is running (2 resources");
        Assert.False(run.IsCompleted);
        Assert.Equal("", _errors.ToString());
        await cancel.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await run);
    }

    [Fact]
    public async Task Converged_exit_waits_for_the_converger()
    {
        var frontEnd = new ScriptedFrontEnd();
        frontEnd.Send(FrontEndResult.Of(Graph("a", "b")));
        var code = await Runner(new AgentSettings { TmpPrefix = true, ConvergedExit = true, ConvergerTimeout = 0 })
            .RunAsync(frontEnd, _ => null, TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("stopping: converged", _log.ToString(), StringComparison.Ordinal);
    }

    private async Task WaitForLogAsync(string text)
    {
        for (var i = 0; i < 1000 && !_log.ToString().Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.Contains(text, _log.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A front end that yields whatever the test sends it, when it sends it.</summary>
    private sealed class ScriptedFrontEnd : IFrontEnd
    {
        private readonly Channel<FrontEndResult> _results = Channel.CreateUnbounded<FrontEndResult>();

        public string Name => "scripted";

        public void Send(FrontEndResult result) => _results.Writer.TryWrite(result);

        public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
        {
            await foreach (var r in _results.Reader.ReadAllAsync(cancel)) yield return r;
        }
    }
}
