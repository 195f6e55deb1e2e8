using Mgmt.Engine.Graph;
using Mgmt.Engine.Resources;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Semantics;

namespace Mgmt.Lang.Tests.Runtime.Support;

/// <summary>
/// Compiles a program held in memory and runs it: each <see cref="NextGraphAsync"/> takes the next resource graph
/// the runtime yields. A generous timeout only guards against a hang; no test measures speed.
/// </summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);
    private readonly CancellationTokenSource _cancel = new();
    private readonly DirectoryInfo _state;
    private IAsyncEnumerator<ResourceGraph>? _graphs;
    private Task<bool>? _moving;

    private RuntimeHarness(FakeSources sources, ProgramRuntime runtime, DirectoryInfo state)
    {
        Sources = sources;
        Runtime = runtime;
        _state = state;
    }

    public FakeSources Sources { get; }

    public ProgramRuntime Runtime { get; }

    public static readonly ResourceRegistry Kinds = TestKinds.Registry();

    public static CheckedProgram Compile(string main, FakeSources? sources = null, params (string Path, string Text)[] others)
    {
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", main);
        files.Add("/metadata.yaml", "main: main.mcl\n");
        foreach (var (path, text) in others) files.Add(path, text);
        return Compiler.Check(new CompileInput(files, "/", (sources ?? new FakeSources()).Registry(), Kinds));
    }

    /// <summary>Compiles and lowers the program (nothing runs until the first graph is asked for).</summary>
    public static RuntimeHarness Start(string main, TimeProvider? time = null, bool autoEdges = true, string hostname = "")
    {
        var sources = new FakeSources();
        var program = Compile(main, sources);
        var state = Directory.CreateTempSubdirectory("mgmt-runtime-state-");
        try
        {
            var runtime = ProgramRuntime.Create(program, new RuntimeOptions
            {
                Resources = Kinds,
                StateDirectory = state.FullName,
                Time = time ?? TimeProvider.System,
                AutoEdges = autoEdges,
                Hostname = hostname,
            });
            return new RuntimeHarness(sources, runtime, state);
        }
        catch
        {
            state.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The next graph the program yields.</summary>
    public async Task<ResourceGraph> NextGraphAsync()
    {
        var more = await MoveAsync();
        Assert.True(more, "the runtime ended without an error");
        return _graphs!.Current;
    }

    /// <summary>Expects the runtime to stop with a language error; returns it.</summary>
    public async Task<LangException> FailureAsync()
    {
        try
        {
            while (await MoveAsync())
            {
            }
        }
        catch (LangException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("the runtime ended without an error");
    }

    private Task<bool> MoveAsync()
    {
        _graphs ??= Runtime.RunAsync(_cancel.Token).GetAsyncEnumerator();
        _moving = _graphs.MoveNextAsync().AsTask();
        return _moving.WaitAsync(HangGuard);
    }

    /// <summary>The vertex lines of a graph printout, sorted.</summary>
    public static string[] Vertices(ResourceGraph graph) =>
        [.. graph.Vertices.Select(v => v.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>Every line of a graph printout, sorted.</summary>
    public static string[] Lines(ResourceGraph graph) =>
        [.. graph.Sprint().Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        if (_graphs is not null)
        {
            try
            {
                // An enumerator cannot be disposed while a MoveNextAsync is running: let it see the cancellation first.
                if (_moving is not null) await _moving;
            }
            catch (Exception e) when (e is OperationCanceledException or Mgmt.Lang.Diagnostics.LangException)
            {
            }
            await _graphs.DisposeAsync();
        }
        await Runtime.DisposeAsync();
        _cancel.Dispose();
        try
        {
            _state.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
