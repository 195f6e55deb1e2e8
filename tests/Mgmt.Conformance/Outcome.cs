namespace Mgmt.Conformance;

/// <summary>The suites of the reference's language tests.</summary>
public enum Suite
{
    Func1 = 1,
    Func2 = 2,
    Func3 = 3,
}

/// <summary>
/// The result of one case. Graph cases pass when the printout matches (<see cref="Exact"/>); for TestAstFunc1
/// graph cases the target is <see cref="Phase"/>: phases 1-6 succeed (its printout is the reference's internal
/// lowering). Error cases are scored in three tiers: the right phase, then the right position, then the exact text.
/// </summary>
public sealed record Outcome(string Suite, string Name, bool IsErrorCase, bool Skipped, bool Phase, bool Position, bool Exact, string Detail)
{
    /// <summary>What counts as "passed" in the totals line.</summary>
    public bool Passed => !Skipped && (IsErrorCase ? Phase && Position : Suite == "TestAstFunc1" ? Phase : Exact);

    public string Tiers => Skipped ? "skip" : IsErrorCase
        ? $"phase={Mark(Phase)} position={Mark(Position)} exact={Mark(Exact)}"
        : Suite == "TestAstFunc1" ? $"phases1-6={Mark(Phase)} exact={Mark(Exact)}" : $"exact={Mark(Exact)}";

    private static string Mark(bool b) => b ? "yes" : "no";
}
