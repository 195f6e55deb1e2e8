using System.Runtime.CompilerServices;
using Mgmt.Lang;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Semantics;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// The mcl front end: compiles a program and runs it reactively. Every time its values settle into a new complete
/// table that changes the resource graph, the graph goes to the agent; unless told not to watch, edits of the
/// program's sources start the edited program (see <see cref="ProgramSupervisor"/>).
/// </summary>
/// <param name="argument">The input as given: an .mcl file, a directory, a metadata.yaml, <c>-</c>, or code.</param>
/// <param name="stdin">Opens the standard input, read for <c>-</c> (its bytes are the program text).</param>
/// <param name="options">The front end's flags.</param>
internal sealed class LangFrontEnd(string argument, Func<Stream> stdin, LangOptions? options = null) : ICheckingFrontEnd
{
    private readonly LangOptions _options = options ?? LangOptions.Default;

    public string Name => "lang";

    public string Input => argument;

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        var (input, problem) = await ResolveAsync(cancel).ConfigureAwait(false);
        if (input is null)
        {
            yield return FrontEndResult.Failed([problem!]);
            yield break;
        }
        var prefix = context.Prefix ?? throw new InvalidOperationException("running an mcl program needs the agent's prefix for its state");
        var builder = new ProgramBuilder(input, context, Path.Combine(prefix, "lang"), _options);
        if (_options.OnlyDownload)
        {
            yield return OnlyDownload(builder, context);
            yield break;
        }
        await using var supervisor = new ProgramSupervisor(builder, context);
        while (await supervisor.NextAsync(cancel).ConfigureAwait(false) is { } result) yield return result;
    }

    /// <summary>
    /// Compiles the program (lexparse to unify) and builds its function graph (phase graph) without running it:
    /// what <c>mgmt check lang</c> does. Resources of unknown kinds are reported too (a run finds them only when it
    /// builds the graph). With <c>--skip-unify</c> it stops after names and imports are resolved.
    /// </summary>
    public async Task<FrontEndCheck> CheckAsync(FrontEndContext context, CancellationToken cancel)
    {
        var (input, problem) = await ResolveAsync(cancel).ConfigureAwait(false);
        if (input is null) return new FrontEndCheck([problem!], "");
        // Nothing runs, so no function writes state; the directory is only there because the runtime needs one.
        var state = Path.Combine(Path.GetTempPath(), $"mgmt-check-{Guid.NewGuid():N}");
        var builder = new ProgramBuilder(input, context, state, _options);
        try
        {
            if (_options.SkipUnify)
            {
                var looked = Compiler.ResolveOnly(builder.CompileInput());
                return new FrontEndCheck([], $"{input.Description}: names and imports resolve ({looked.Count} source file(s) looked at; types not checked)");
            }
            var built = builder.Build();
            var unknown = UnknownKindCheck.Find(built.Program, context.Registry);
            if (unknown.Count > 0)
            {
                await built.Runtime.DisposeAsync().ConfigureAwait(false);
                return new FrontEndCheck([.. unknown.Select(e => LangErrorText.Diagnose(e, input))], "");
            }
            var compiles = $"{input.Description} compiles ({built.Program.SourcePaths.Count} source file(s) looked at)";
            return await CheckGraphAsync(built, input, compiles, cancel).ConfigureAwait(false);
        }
        catch (LangException e)
        {
            return new FrontEndCheck([LangErrorText.Diagnose(e, input)], "");
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>How long <c>check</c> waits for a pure program's first graph; a pure program normally takes milliseconds.</summary>
    internal static readonly TimeSpan GraphWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The mistakes only the resource graph shows (two differing declarations of one resource, a cycle, a value a
    /// resource refuses): found by computing the first graph, but only for a program whose values cannot depend on
    /// the machine (every function it calls is pure, it collects nothing). Computing it runs no resource and, for
    /// such a program, reads and writes nothing. Otherwise the summary says what kept the graph from being checked.
    /// </summary>
    private static async Task<FrontEndCheck> CheckGraphAsync(BuiltProgram built, LangInput input, string compiles, CancellationToken cancel)
    {
        await using var runtime = built.Runtime;
        var reads = MachineReads.Find(built.Program);
        if (reads.Count > 0)
        {
            var (what, span) = reads[0];
            var where = span.IsNone ? "" : $" at {input.Display(span.File)}:{span.StartLine}:{span.StartColumn}";
            return new FrontEndCheck([], $"{compiles}; its resource graph was not computed: it depends on {what}{where}, known only when it runs");
        }
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        wait.CancelAfter(GraphWait);
        try
        {
            await foreach (var graph in runtime.RunAsync(wait.Token).WithCancellation(wait.Token).ConfigureAwait(false))
            {
                return new FrontEndCheck([], $"{compiles}; its graph has {graph.VertexCount} resources and {graph.EdgeCount} edges");
            }
            return new FrontEndCheck([], $"{compiles}; it produced no graph");
        }
        catch (LangException e)
        {
            return new FrontEndCheck([LangErrorText.Diagnose(e, input)], "");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new FrontEndCheck([], $"{compiles}; its resource graph was not computed within {GraphWait.TotalSeconds:0} s");
        }
    }

    private async Task<(LangInput? Input, SourceDiagnostic? Problem)> ResolveAsync(CancellationToken cancel)
    {
        var (input, problem) = await LangInput.ResolveAsync(argument, stdin, cancel).ConfigureAwait(false);
        if (input is not null && _options.ModulePath is { } modules) input.UseModulePath(modules);
        return (input, problem);
    }

    /// <summary><c>--only-download</c>: resolve every import (fetching what is missing), then stop without a graph.</summary>
    private static FrontEndResult OnlyDownload(ProgramBuilder builder, FrontEndContext context)
    {
        try
        {
            var looked = Compiler.ResolveOnly(builder.CompileInput());
            LangLog.OnlyDownloaded(context.Loggers.CreateLogger("lang"), builder.Input.Description, looked.Count);
            return FrontEndResult.Done;
        }
        catch (LangException e)
        {
            return FrontEndResult.Failed([LangErrorText.Diagnose(e, builder.Input)]);
        }
    }
}
