namespace Mgmt.Cli.FrontEnds.Yaml;

/// <summary>
/// Parameters that the reference's YAML graphs used to carry and that mgmt has since dropped. Old graphs still have
/// them (<c>pollint: 0</c> on every resource, <c>state: present</c> on exec): they are read as warnings, with their
/// position, and ignored, so that such graphs still run.
/// </summary>
internal static class DroppedParams
{
    /// <summary>True when <paramref name="key"/> is a dropped parameter of <paramref name="kind"/> (and not a current one).</summary>
    public static bool IsDropped(string kind, string key) => key == "pollint" || (kind == "exec" && key == "state");

    public static string Message(string kind, string key) => key == "pollint"
        ? "'pollint' is no longer a parameter (mgmt dropped it; polling is the meta parameter 'poll'); it is ignored"
        : $"'{key}' is no longer a parameter of {kind} (mgmt dropped it); it is ignored";
}
