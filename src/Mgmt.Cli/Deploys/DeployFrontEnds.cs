using Mgmt.Cli.FrontEnds;
using Mgmt.Cli.FrontEnds.Empty;
using Mgmt.Cli.FrontEnds.Lang;
using Mgmt.Cli.FrontEnds.Yaml;

namespace Mgmt.Cli.Deploys;

/// <summary>The front end that runs a deploy's kind on its materialized files, and the local compile of <c>mgmt deploy</c>.</summary>
internal static class DeployFrontEnds
{
    public static IFrontEnd Create(string kind, string entryPath) => kind switch
    {
        "lang" => new LangFrontEnd(entryPath, () => Stream.Null, LangOptions.Default),
        "yaml" => new YamlFrontEnd(entryPath),
        "empty" => new EmptyFrontEnd { FollowDeploys = false },
        _ => throw new DeployException($"unknown deploy kind '{kind}'"),
    };

    /// <summary>
    /// Compiles the deploy as the agents will (from the same files): the mcl front end compiles and builds the
    /// function graph; the others read their first graph. Returns the problems (empty: fine) and a summary.
    /// </summary>
    public static async Task<FrontEndCheck> CheckAsync(string kind, string entryPath, FrontEndContext context, CancellationToken cancel)
    {
        var frontEnd = Create(kind, entryPath);
        if (frontEnd is ICheckingFrontEnd checking) return await checking.CheckAsync(context, cancel).ConfigureAwait(false);
        await foreach (var result in frontEnd.GraphsAsync(context, cancel).ConfigureAwait(false))
        {
            return result.Graph is null
                ? new FrontEndCheck(result.Errors, "")
                : new FrontEndCheck([], $"graph {result.Graph.Name} has {result.Graph.VertexCount} resources");
        }
        return new FrontEndCheck([SourceDiagnostic.ForFile(entryPath, "the front end produced no graph")], "");
    }
}
