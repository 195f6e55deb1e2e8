using System.Runtime.CompilerServices;
using Mgmt.Lang.Diagnostics;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>
/// The mcl front end: compiles a program and runs it reactively. Every time its values settle into a new complete
/// table that changes the resource graph, the graph goes to the agent; unless told not to watch, edits of the
/// program's sources start the edited program (see <see cref="ProgramSupervisor"/>).
/// </summary>
/// <param name="argument">The input as given: an .mcl file, a directory, a metadata.yaml, or <c>-</c>.</param>
/// <param name="stdin">The program text for <c>-</c>.</param>
public sealed class LangFrontEnd(string argument, Func<TextReader> stdin) : ICheckingFrontEnd
{
    public string Name => "lang";

    public string Input => argument;

    public async IAsyncEnumerable<FrontEndResult> GraphsAsync(FrontEndContext context, [EnumeratorCancellation] CancellationToken cancel)
    {
        var (input, problem) = await LangInput.ResolveAsync(argument, stdin, cancel).ConfigureAwait(false);
        if (input is null)
        {
            yield return FrontEndResult.Failed([problem!]);
            yield break;
        }
        var prefix = context.Prefix ?? throw new InvalidOperationException("running an mcl program needs the agent's prefix for its state");
        var builder = new ProgramBuilder(input, context, Path.Combine(prefix, "lang"));
        await using var supervisor = new ProgramSupervisor(builder, context);
        while (await supervisor.NextAsync(cancel).ConfigureAwait(false) is { } result) yield return result;
    }

    /// <summary>
    /// Compiles the program (lexparse to unify) and builds its function graph (phase graph) without running it:
    /// what <c>mgmt check lang</c> does.
    /// </summary>
    public async Task<FrontEndCheck> CheckAsync(FrontEndContext context, CancellationToken cancel)
    {
        var (input, problem) = await LangInput.ResolveAsync(argument, stdin, cancel).ConfigureAwait(false);
        if (input is null) return new FrontEndCheck([problem!], "");
        // Nothing runs, so no function writes state; the directory is only there because the runtime needs one.
        var state = Path.Combine(Path.GetTempPath(), $"mgmt-check-{Guid.NewGuid():N}");
        try
        {
            var built = new ProgramBuilder(input, context, state).Build();
            await built.Runtime.DisposeAsync().ConfigureAwait(false);
            return new FrontEndCheck([], $"{input.Description} compiles ({built.Program.SourcePaths.Count} source file(s) looked at)");
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
}
