using Mgmt.Lang;
using Mgmt.Lang.Core;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Semantics;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>A compiled program, lowered to its function graph and ready to run (nothing runs yet).</summary>
internal sealed record BuiltProgram(CheckedProgram Program, ProgramRuntime Runtime)
{
    /// <summary>Identifies the sources it was compiled from (see <see cref="CheckedProgram.SourceDigest"/>).</summary>
    public string Digest => Program.SourceDigest;
}

/// <summary>
/// Compiles the program of one <see cref="LangInput"/> (phases lexparse to unify) and lowers it (phase graph), as
/// often as its sources change. The standard library is made once and shared by every compilation.
/// </summary>
internal sealed class ProgramBuilder(LangInput input, FrontEndContext context, string stateDirectory, LangOptions? options = null)
{
    private readonly FunctionRegistry _functions = CoreLibrary.Create();
    private readonly LangOptions _options = options ?? LangOptions.Default;

    public LangInput Input => input;

    /// <summary>What to compile: the program's tree, its module path, the downloader when asked for.</summary>
    public CompileInput CompileInput() => new(input.Files, input.Entry, _functions, context.Registry)
    {
        ModulePath = input.ModulePath,
        Downloader = _options.Download ? new GitModuleDownloader(_options.Update, context.Loggers.CreateLogger("lang")) : null,
        DisplayPath = input.Display,
    };

    /// <summary>Compiles and lowers the program as its files are now; throws <see cref="LangException"/> for a mistake in it.</summary>
    public BuiltProgram Build()
    {
        var program = Compiler.Check(CompileInput());
        var runtime = ProgramRuntime.Create(program, new RuntimeOptions
        {
            Hostname = context.Hostname,
            Resources = context.Registry,
            Local = context.Local,
            Services = context.Services,
            Loggers = context.Loggers,
            Time = context.Time,
            StateDirectory = stateDirectory,
            // The engine adds automatic edges itself (and knows --no-autoedges): doing it here too would be twice.
            AutoEdges = false,
        });
        return new BuiltProgram(program, runtime);
    }
}
