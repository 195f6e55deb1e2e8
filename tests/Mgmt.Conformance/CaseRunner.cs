using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Runtime;
using Mgmt.Lang;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime;

namespace Mgmt.Conformance;

/// <summary>
/// Runs one archive through the phases its suite covers (README §3) and scores the result. Every case gets a
/// fresh in-memory file tree, a fresh state directory and fresh registries.
/// </summary>
public sealed class CaseRunner(Suite suite, Func<FunctionRegistry> functions, Func<ResourceRegistry> resources)
{
    /// <summary>How long TestAstFunc2 waits for the first complete table (the reference's 10 s).</summary>
    public TimeSpan FirstTableTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long TestAstFunc3 lets the engine run at most (the reference's 5 s).</summary>
    public TimeSpan EngineRunLimit { get; init; } = TimeSpan.FromSeconds(5);

    public string SuiteName => "TestAstFunc" + (int)suite;

    public async Task<Outcome> RunAsync(string archivePath)
    {
        var name = Path.GetFileNameWithoutExtension(archivePath);
        var archive = Txtar.Read(archivePath);
        var output = archive.Find("OUTPUT");
        if (output is null) return Result(name, false, true, true, true, "no OUTPUT member: nothing to check");
        if (archive.Find("CONFIG") is { } config && NeedsLoopback(config.Text) && !CanListenOnLoopback())
        {
            return new Outcome(SuiteName, name, false, true, false, false, false, "needs loopback, which is unavailable");
        }
        var expectation = Expectation.Parse(output.Text);
        var files = new MemorySourceFiles();
        foreach (var member in archive.Files.Where(f => f.Name is not "OUTPUT" and not "CONFIG"))
        {
            files.Add("/" + member.Name, member.Data);
        }
        if (!files.FileExists("/metadata.yaml") && files.FileExists("/main.mcl")) files.Add("/metadata.yaml", "main: main.mcl\n");

        var state = Directory.CreateTempSubdirectory("mgmt-conformance-");
        try
        {
            var actual = await ExecuteAsync(files, state.FullName);
            return Score(name, expectation, actual, null);
        }
        catch (LangException e)
        {
            return Score(name, expectation, null, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Score(name, expectation, null, new CrashException(e));
        }
        finally
        {
            try { state.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private async Task<string> ExecuteAsync(MemorySourceFiles files, string stateDirectory)
    {
        var resourceKinds = resources();
        var program = Compiler.Check(new CompileInput(files, "/", functions(), resourceKinds));
        var local = new LocalValues();
        var options = new RuntimeOptions
        {
            Hostname = suite == Suite.Func3 ? "localhost" : "",
            Resources = resourceKinds,
            Local = local,
            StateDirectory = Path.Join(stateDirectory, "local"),
        };
        await using var runtime = ProgramRuntime.Create(program, options);
        if (suite == Suite.Func1) return runtime.SprintFunctionGraph();

        var graph = await FirstGraphAsync(runtime);
        if (suite == Suite.Func2) return graph.Sprint();
        return await RunOnEngineAsync(graph, local, stateDirectory);
    }

    private async Task<ResourceGraph> FirstGraphAsync(ProgramRuntime runtime)
    {
        using var cancel = new CancellationTokenSource(FirstTableTimeout);
        try
        {
            await foreach (var graph in runtime.RunAsync(cancel.Token)) return graph;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        throw new TimeoutException($"no complete table of values within {FirstTableTimeout.TotalSeconds} s");
    }

    private async Task<string> RunOnEngineAsync(ResourceGraph graph, LocalValues local, string stateDirectory)
    {
        var engine = new Engine.Runtime.Engine(new EngineOptions
        {
            Hostname = "localhost",
            StateDirectory = Path.Join(stateDirectory, "engine"),
            Local = local,
            ConvergerTimeout = TimeSpan.FromMilliseconds(500),
        });
        try
        {
            try
            {
                await engine.CommitAsync(graph);
            }
            catch (GraphException e)
            {
                throw new LangException(Phase.Validate, e.Message);
            }
            using var limit = new CancellationTokenSource(EngineRunLimit);
            try
            {
                await engine.Converger.WaitConvergedAsync(limit.Token);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
            }
            return FieldPrinter.Print(engine.Current ?? graph);
        }
        finally
        {
            await engine.ShutdownAsync();
        }
    }

    private Outcome Score(string name, Expectation expectation, string? actual, Exception? error)
    {
        if (expectation is GraphExpectation graph)
        {
            if (error is not null) return Result(name, false, false, false, false, "unexpected error: " + Describe(error));
            var matches = Printout.Normalize(suite, actual!) == Printout.Normalize(suite, graph.Text);
            // TestAstFunc1's printout is the reference's internal lowering; reaching it is the target.
            return Result(name, false, true, true, matches, matches ? "" : Printout.Diff(suite, graph.Text, actual!));
        }

        var expected = (ErrorExpectation)expectation;
        if (error is null) return Result(name, true, false, false, false, $"expected {expected.Category}, but every phase passed");
        if (error is not LangException lang || expected.Phase is not { } phase || lang.Phase != phase)
        {
            return Result(name, true, false, false, false, $"expected {expected.Category}, got {Describe(error)}");
        }
        var text = lang.ToString();
        var byline = ExpectationPositions.Last(text);
        var position = expected.Positions.Count == 0 ? byline is null : byline is not null && expected.Positions.Contains(byline);
        var exact = expected.Candidates.Contains(text);
        var detail = position ? "" : $"position: got {byline ?? "(none)"}, want {string.Join(" or ", expected.Positions)}; message: {text}";
        return Result(name, true, true, position, exact, detail);
    }

    private Outcome Result(string name, bool isError, bool phase, bool position, bool exact, string detail) =>
        new(SuiteName, name, isError, false, phase, position, exact, detail);

    private static string Describe(Exception e) => e switch
    {
        LangException l => $"{l.Phase.Display()} error: {l}",
        CrashException c => $"crash: {c.InnerException!.GetType().Name}: {c.InnerException.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static bool NeedsLoopback(string config)
    {
        try
        {
            using var doc = JsonDocument.Parse(config);
            return doc.RootElement.TryGetProperty("needs-loopback", out var v) && v.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool CanListenOnLoopback()
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>An exception that is not a language error: a bug of ours, reported as a crash.</summary>
    private sealed class CrashException(Exception inner) : Exception(inner.Message, inner);
}

internal static class ExpectationPositions
{
    /// <summary>The last <c>file @ L:C-L:C</c> in a message, or null.</summary>
    public static string? Last(string message)
    {
        var matches = ErrorExpectation.Byline().Matches(message);
        return matches.Count == 0 ? null : matches[^1].Value;
    }
}
