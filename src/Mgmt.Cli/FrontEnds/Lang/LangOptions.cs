namespace Mgmt.Cli.FrontEnds.Lang;

/// <summary>The flags of the mcl front end (see docs/cli.md).</summary>
/// <param name="ModulePath">The global module path (<c>--module-path</c> or <c>MGMT_MODULE_PATH</c>), absolute; null when not given.</param>
/// <param name="Download">Fetch the remote modules the program imports that are missing (<c>--download</c>).</param>
/// <param name="OnlyDownload">Stop once every module is there, without running anything (<c>--only-download</c>, under run).</param>
/// <param name="Update">Also bring the modules already downloaded up to date (<c>--update</c>).</param>
/// <param name="SkipUnify">Stop checking after names are resolved, without type unification (<c>--skip-unify</c>, under check).</param>
internal sealed record LangOptions(string? ModulePath = null, bool Download = false, bool OnlyDownload = false, bool Update = false, bool SkipUnify = false)
{
    public static LangOptions Default { get; } = new();
}
