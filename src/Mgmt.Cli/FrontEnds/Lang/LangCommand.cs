using Mgmt.Cli.CommandLine;
using Mgmt.Cli.Commands;

namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary><c>lang INPUT</c>: a program in the mcl language.</summary>
public sealed class LangCommand : FrontEndCommand
{
    private readonly TextFlag _modulePath;
    private readonly SwitchFlag _download;
    private readonly SwitchFlag _onlyDownload;
    private readonly SwitchFlag _update;
    private readonly SwitchFlag _skipUnify;

    public LangCommand()
    {
        _modulePath = AddFlag(new TextFlag("--module-path", "the directory of downloaded modules, searched for remote imports after the modules' own path: directories", "DIR")
        {
            EnvironmentVariable = "MGMT_MODULE_PATH",
        });
        _download = AddFlag(new SwitchFlag("--download", "fetch the remote modules the program imports that are not here yet (with git)"));
        _onlyDownload = AddFlag(new SwitchFlag("--only-download", "under run: fetch the missing modules, then stop without running anything"));
        _update = AddFlag(new SwitchFlag("--update", "with --download or --only-download: also bring the modules already here up to date"));
        _skipUnify = AddFlag(new SwitchFlag("--skip-unify", "under check: stop after resolving names and imports, without type unification"));
    }

    public override string Name => "lang";

    public override string Summary => "a program in the mcl language";

    public override string? Details =>
        "Compiles an mcl program (see docs/language.md) and runs it: whenever its values change (the clock, a " +
        "file, the load...) it yields a new resource graph and the engine applies the difference. Under 'run', " +
        "edits of the program's files start the edited program, unless --no-watch is given. Mistakes are shown " +
        "with their place in the source; a program that cannot start changes nothing (exit 2). Under 'check', " +
        "the program is compiled and its function graph built, without running it. Remote modules " +
        "(import \"git://host/path/\") are looked for in the modules' path: directories, then in --module-path; " +
        "--download fetches the missing ones.";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("INPUT", "an .mcl file, a directory holding main.mcl or metadata.yaml, - to read the program from stdin, or the program's code itself")];

    public override void Validate()
    {
        var underCheck = Parent is CheckCommand;
        if (_onlyDownload.Value && underCheck) throw new UsageException("--only-download is for 'run lang'; under check, use --download to fetch the modules while checking", this);
        if (_skipUnify.Value && !underCheck) throw new UsageException("--skip-unify is for 'check lang': a program that runs needs its types", this);
        if (_update.Value && !_download.Value && !_onlyDownload.Value) throw new UsageException("--update brings downloaded modules up to date, so it needs --download (or --only-download)", this);
    }

    public override IFrontEnd Create(CommandInvocation invocation)
    {
        var modulePath = _modulePath.Value is { } dir ? System.IO.Path.GetFullPath(dir) : null;
        var options = new LangOptions(modulePath, _download.Value || _onlyDownload.Value, _onlyDownload.Value, _update.Value, _skipUnify.Value);
        return new LangFrontEnd(invocation.Arguments[0], () => Console.In, options);
    }
}
