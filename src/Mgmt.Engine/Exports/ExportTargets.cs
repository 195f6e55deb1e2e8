using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Exports;

/// <summary>
/// Checks <c>Meta:export</c> when a graph is prepared, so that a target the cluster's layout cannot hold is refused
/// with the graph instead of failing later. The rule is the world's rule for hostnames: letters, digits, '-',
/// '.' and '_', or <c>*</c> for every host.
/// </summary>
internal static class ExportTargets
{
    /// <summary>Throws <see cref="ResourceValidationException"/> naming the first bad target and what to write instead.</summary>
    public static void Validate(MetaParams meta)
    {
        var problems = FindProblems(meta);
        if (problems.Count > 0) throw new ResourceValidationException(problems[0].Message);
    }

    /// <summary>Every bad target, one problem each, with its position in <see cref="MetaParams.Export"/>.</summary>
    public static IReadOnlyList<MetaProblem> FindProblems(MetaParams meta)
    {
        var problems = new List<MetaProblem>();
        for (var i = 0; i < meta.Export.Count; i++)
        {
            var to = meta.Export[i];
            if (to == ExportAddress.Everyone) continue;
            if (to.Length is 0 or > 253 || !to.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                problems.Add(new MetaProblem("export", i,
                    $"Meta:export target \"{to}\" is not a hostname: write hostnames (letters, digits, '-', '.', '_') or \"*\" for every host"));
            }
        }
        return problems;
    }
}
