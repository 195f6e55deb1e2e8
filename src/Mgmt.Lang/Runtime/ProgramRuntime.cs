using System.Runtime.CompilerServices;
using Mgmt.Engine.AutoEdges;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Interpret;
using Mgmt.Lang.Runtime.Graph;
using Mgmt.Lang.Runtime.Lowering;
using Mgmt.Lang.Semantics;
using Microsoft.Extensions.Logging;

namespace Mgmt.Lang.Runtime;

/// <summary>
/// A checked mcl program, lowered to its reactive function graph and ready to run: the values of its expressions
/// flow and change over time (clocks, files, other hosts), and every time they settle into a new complete table,
/// the program is interpreted into a new resource graph for the engine.
/// </summary>
/// <remarks>
/// <see cref="RunAsync"/> may be enumerated once. The function graph only advances while the consumer asks for
/// the next graph: values that arrive meanwhile are coalesced, so a slow consumer always gets the latest state
/// and memory stays bounded. Dispose the runtime to stop every stream function.
/// </remarks>
public sealed class ProgramRuntime : IAsyncDisposable
{
    private readonly FunctionGraph _graph;
    private readonly Lowerer _lowerer;
    private readonly ProgramFrame _root;
    private readonly Interpreter _interpreter;
    private readonly RuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly Files.ISourceFiles _files;
    private GraphBase? _base; // the last graph handed over, when the next may be derived from it
    private int _started;
    private int _tables;
    private TimeSpan _propagateTime; // spent moving values through the function graph since the last table

    private ProgramRuntime(FunctionGraph graph, Lowerer lowerer, RuntimeOptions options, ILogger logger)
    {
        _files = lowerer.Program.Files;
        _graph = graph;
        _lowerer = lowerer;
        _root = lowerer.Root;
        _options = options;
        _logger = logger;
        _interpreter = new Interpreter(options.Resources);
    }

    /// <summary>
    /// Phase "graph": lowers the program into its function graph (nothing runs yet). Throws
    /// <see cref="LangException"/> with <see cref="Phase.Graph"/> for mistakes found here.
    /// </summary>
    public static ProgramRuntime Create(CheckedProgram program, RuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(options);
        MetaDuplicateCheck.Run(program);
        var logger = options.Loggers.CreateLogger("mgmt.lang");
        var directory = RuntimeFunctionContext.DirectoryOf(program.EntryFile);
        var contexts = new Dictionary<string, Functions.IFunctionContext>(StringComparer.Ordinal);
        Functions.IFunctionContext ContextFor(string file)
        {
            var module = RuntimeFunctionContext.ModuleDirectoryOf(program.Files, file, directory);
            if (!contexts.TryGetValue(module, out var context))
            {
                contexts[module] = context = new RuntimeFunctionContext(options, program.Files, module, logger);
            }
            return context;
        }

        var graph = new FunctionGraph(ContextFor(program.EntryFile), logger);
        try
        {
            var lowerer = new Lowerer(program, graph, options.Hostname, ContextFor);
            lowerer.LowerRoot();
            return new ProgramRuntime(graph, lowerer, options, logger);
        }
        catch (FunctionGraphException e)
        {
            throw new LangException(Phase.Graph, e.Message, e, e.Span);
        }
        catch (Functions.FunctionException e)
        {
            throw new LangException(Phase.Graph, e.Message, e);
        }
    }

    /// <summary>How many nodes the function graph has now (for diagnostics and tests).</summary>
    public int FunctionNodeCount => _graph.LiveNodes;

    /// <summary>How many complete tables of values were interpreted so far (whether or not they changed the graph).</summary>
    public int TablesInterpreted => Volatile.Read(ref _tables);

    /// <summary>
    /// The size of everything the runtime keeps per live part of the program: nodes, links between them, and
    /// block instances. A program that runs for hours must keep these flat.
    /// </summary>
    internal (int Nodes, int Links, int Frames) Census() =>
        (_graph.LiveNodes, _graph.AllNodes(_graph.Root).Sum(n => n.Dependents.Count), _lowerer.FrameCount);

    /// <summary>The function graph as <c>Vertex:</c>/<c>Edge:</c> lines, in the reference's printout style (best effort).</summary>
    public string SprintFunctionGraph() => FunctionGraphPrinter.Print(_graph);

    /// <summary>
    /// Starts the function graph and yields a resource graph for every complete table of values that changes the
    /// output: the first as soon as every node has a value (at once for a program without expressions). The
    /// sequence ends with a <see cref="LangException"/>: <see cref="Phase.Stream"/> for an uncaught run-time
    /// error (the function's message, at the position of the call that raised it), <see cref="Phase.Interpret"/>
    /// for a graph that cannot be built, <see cref="Phase.AutoEdge"/>; or with
    /// <see cref="OperationCanceledException"/> when <paramref name="cancel"/> fires.
    /// </summary>
    public async IAsyncEnumerable<ResourceGraph> RunAsync([EnumeratorCancellation] CancellationToken cancel = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("a program runtime runs once; create a new one to run the program again");
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, _graph.Lifetime);
        ResourceGraph? last = null;
        var activity = _graph.Inbox.Activity;
        activity.Enter(); // the loop is active until it parks; a yielded graph keeps it so until the caller is back
        Step(_graph.Start);
        var metrics = _options.Services.GetService(typeof(Mgmt.Engine.Observability.IAgentMetrics)) as Mgmt.Engine.Observability.IAgentMetrics;
        while (true)
        {
            var propagating = _options.Time.GetTimestamp();
            Step(_graph.Propagate);
            _propagateTime += _options.Time.GetElapsedTime(propagating);
            metrics?.FunctionGraph(_graph.LiveNodes, _graph.ValuesProduced);
            if (_graph.Pending == 0 && _graph.TableChanged)
            {
                _graph.TableChanged = false;
                var (graph, output) = Interpret();
                Interlocked.Increment(ref _tables);
                var comparing = _options.Time.GetTimestamp();
                var same = ResourceGraphComparer.Same(last, graph);
                RuntimeLog.GraphCompared(_logger, _options.Time.GetElapsedTime(comparing).TotalMilliseconds);
                if (!same)
                {
                    last = graph;
                    // Automatic edges depend on every resource's parameters: such graphs are always assembled whole.
                    _base = _options.AutoEdges ? null : GraphBase.For(graph, output);
                    yield return graph;
                }
                else
                {
                    RuntimeLog.GraphUnchanged(_logger);
                }
                continue;
            }
            activity.Exit();
            await _graph.Inbox.WaitAsync(stop.Token).ConfigureAwait(false);
            activity.Enter();
            var delivering = _options.Time.GetTimestamp();
            Step(_graph.ApplyDeliveries);
            _propagateTime += _options.Time.GetElapsedTime(delivering);
        }
    }

    /// <summary>
    /// Whether the program has work in hand (a value on its way, a table being computed, a graph not yet taken by the
    /// caller of <see cref="RunAsync"/>). The agent does not consider itself converged while it has.
    /// </summary>
    public RuntimeActivity Activity => _graph.Inbox.Activity;

    public ValueTask DisposeAsync() => _graph.DisposeAsync();

    private (ResourceGraph, ProgramOutput) Interpret()
    {
        var time = _options.Time;
        var started = time.GetTimestamp();
        try
        {
            var output = _interpreter.Run(_root);
            var walked = time.GetTimestamp();
            // Derived from the last graph handed over when only some resources were made anew, so that neither this
            // step nor the engine's swap walks the unchanged ones; otherwise assembled whole.
            var graph = (_options.AutoEdges ? null : GraphDeriver.TryDerive(_base, output)) ?? GraphAssembler.Assemble(output);
            var assembled = time.GetTimestamp();
            if (_options.AutoEdges) AddAutoEdges(graph);
            var done = time.GetTimestamp();
            RuntimeLog.TableInterpreted(_logger, _graph.LiveNodes, graph.VertexCount, output.Made.Count,
                time.GetElapsedTime(started, done).TotalMilliseconds, _propagateTime.TotalMilliseconds,
                time.GetElapsedTime(started, walked).TotalMilliseconds, time.GetElapsedTime(walked, assembled).TotalMilliseconds,
                time.GetElapsedTime(assembled, done).TotalMilliseconds);
            _propagateTime = TimeSpan.Zero;
            return (graph, output);
        }
        catch (LangException e)
        {
            LogFailure(e);
            throw;
        }
    }

    private static void AddAutoEdges(ResourceGraph graph)
    {
        try
        {
            GraphAutoEdges.Add(graph);
        }
        catch (GraphException e)
        {
            throw new LangException(Phase.AutoEdge, e.Message, e);
        }
    }

    private void Step(Action action)
    {
        try
        {
            action();
        }
        catch (FunctionGraphException e)
        {
            var error = e.ToLangException();
            LogFailure(error);
            throw error;
        }
    }

    // The log gets the error with its source line underlined, as the compiler's errors are shown.
    private void LogFailure(LangException error) =>
        RuntimeLog.ProgramFailed(_logger, Diagnostics.ErrorRenderer.Render(error, path =>
        {
            try
            {
                return _files.FileExists(path) ? Files.SourceFilesExtensions.ReadText(_files, path) : null;
            }
            catch (IOException)
            {
                return null;
            }
        }).TrimEnd('\n'));
}
