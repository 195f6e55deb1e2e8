using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Exports;

/// <summary>
/// Checks <c>Meta:export</c> when a graph is prepared, so that a target the cluster's layout cannot hold is refused
/// with the graph instead of failing later. The rule is the world's rule for hostnames: letters, digits, '-',
/// '.' and '_', or <c>*</c> for every host.
/// </summary>
internal static class ExportTargets
{
    /// <summary>Throws <see cref="ResourceValidationException"/> naming the bad target and what to write instead.</summary>
    public static void Validate(MetaParams meta)
    {
        foreach (var to in meta.Export)
        {
            if (to == ExportAddress.Everyone) continue;
            if (to.Length is 0 or > 253 || !to.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                throw new ResourceValidationException(
                    $"Meta:export target \"{to}\" is not a hostname: write hostnames (letters, digits, '-', '.', '_') or \"*\" for every host");
            }
        }
    }
}
