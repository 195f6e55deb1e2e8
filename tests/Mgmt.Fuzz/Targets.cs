using Mgmt.Cli.FrontEnds.Yaml;
using Mgmt.Engine.Resources;
using Mgmt.Lang;
using Mgmt.Lang.Core;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Syntax.Limits;
using Mgmt.Resources;

namespace Mgmt.Fuzz;

/// <summary>The two front ends under test. An input's extension says which one reads it.</summary>
internal enum Target
{
    Mcl,
    Yaml,
}

/// <summary>What one run gave: the crash (an exception's text) or null, and the kind of answer.</summary>
internal sealed record Outcome(string? Crash, string Kind);

/// <summary>
/// Runs one input through a front end, as the agent would read it from disk: the mcl compiler from the bytes of
/// <c>main.mcl</c> through lexing, parsing, the passes, type unification and the function graph; the YAML reader
/// from the bytes of a graph file. A user error (a positioned diagnostic) is a correct answer; any other exception
/// is a crash, a bug to fix. A stack overflow or an abort cannot be caught: the worker process dies and its
/// supervisor keeps the input (see <see cref="Supervisor"/>).
/// </summary>
internal sealed class Targets : IDisposable
{
    private readonly FunctionRegistry _functions = CoreLibrary.Create();
    private readonly ResourceRegistry _resources = ResourceKinds.CreateRegistry();
    private readonly string _state = Directory.CreateTempSubdirectory("mgmt-fuzz-state-").FullName;

    public static string Extension(Target target) => target == Target.Mcl ? ".mcl" : ".yaml";

    public static Target? FromPath(string path) => Path.GetExtension(path) switch
    {
        ".mcl" => Target.Mcl,
        ".yaml" or ".yml" => Target.Yaml,
        _ => null,
    };

    /// <summary>
    /// Runs the input. <see cref="Outcome.Crash"/> is null for a correct answer (a graph or a user error), else the
    /// exception; <see cref="Outcome.Kind"/> names the answer without positions, so that the fuzzer can keep inputs
    /// that reach answers not seen before.
    /// </summary>
    public Outcome Run(Target target, byte[] input)
    {
        try
        {
            return new Outcome(null, target == Target.Mcl ? RunMcl(input) : RunYaml(input));
        }
        catch (LangException e)
        {
            return new Outcome(null, $"mcl {e.Phase.Display()}: {Shape(e.Message)}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Outcome(e.ToString(), "crash");
        }
    }

    // The words of a message, without the names, numbers and bytes that vary from input to input.
    private static string Shape(string message)
    {
        var cut = message.IndexOfAny(['`', '\'', '"', '\n', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
        var head = cut > 0 ? message[..cut] : message;
        return head.Length > 60 ? head[..60] : head;
    }

    private string RunMcl(byte[] input)
    {
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", input);
        var program = Compiler.Check(new CompileInput(files, "/main.mcl", _functions, _resources));
        var runtime = ProgramRuntime.Create(program, new RuntimeOptions { Resources = _resources, StateDirectory = _state });
        runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return "mcl ok";
    }

    private string RunYaml(byte[] input)
    {
        if (!SourceDecoder.TryDecode(input, out var text, out var problem)) return $"yaml decode: {Shape(problem!.Message)}";
        var result = new YamlGraphReader(_resources, "fuzz.yaml").Read(text);
        if (result.Graph is not null) return "yaml ok";
        if (result.Errors.Count == 0) throw new InvalidOperationException("the YAML reader returned neither a graph nor errors");
        return $"yaml: {Shape(result.Errors[0].Message)}";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
