using Mgmt.Cli.CommandLine;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary><c>lang INPUT</c>: a program in the mcl language.</summary>
public sealed class LangCommand : FrontEndCommand
{
    public override string Name => "lang";

    public override string Summary => "a program in the mcl language";

    public override string? Details =>
        "Compiles an mcl program (see docs/language.md) and runs it: whenever its values change (the clock, a " +
        "file, the load...) it yields a new resource graph and the engine applies the difference. Under 'run', " +
        "edits of the program's files start the edited program, unless --no-watch is given. Mistakes are shown " +
        "with their place in the source; a program that cannot start changes nothing (exit 2). Under 'check', " +
        "the program is compiled and its function graph built, without running it.";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("INPUT", "an .mcl file, a directory holding main.mcl or metadata.yaml, or - to read the program from stdin")];

    public override IFrontEnd Create(CommandInvocation invocation) => new LangFrontEnd(invocation.Arguments[0], Console.OpenStandardInput);
}
