namespace Mgmt.Lang.Diagnostics;

/// <summary>The compiler and runtime stages, in the order a program goes through them. Every error names one.</summary>
public enum Phase
{
    LexParse,
    Init,
    Interpolate,
    SetScope,
    Unify,
    Graph,
    Stream,
    Interpret,
    AutoEdge,
    Validate,
}

public static class PhaseNames
{
    /// <summary>The lowercase name users see: <c>lexparse</c>, <c>setscope</c>, <c>unify</c>...</summary>
    public static string Display(this Phase phase) => phase.ToString().ToLowerInvariant();
}
