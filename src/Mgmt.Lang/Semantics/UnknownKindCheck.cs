using Mgmt.Engine.Resources;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// Finds resources of kinds this build does not have. A resource of an unknown kind that sets no parameter types
/// fine, so the compiler lets it through and a run reports it only when it builds the graph (the interpret phase, as
/// in the reference). <c>mgmt check</c> asks this check, so that the mistake shows before anything runs.
/// </summary>
public static class UnknownKindCheck
{
    /// <summary>One error per resource statement of an unknown kind, in the interpret phase, at the statement.</summary>
    public static IReadOnlyList<LangException> Find(CheckedProgram program, ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(registry);
        var found = new List<LangException>();
        var seen = new HashSet<ResourceStmt>(ReferenceEqualityComparer.Instance);
        Walk(program.Main, registry, found, seen);
        foreach (var instance in program.ClassInstances) Walk(instance.Body, registry, found, seen);
        return found;
    }

    private static void Walk(Node node, ResourceRegistry registry, List<LangException> found, HashSet<ResourceStmt> seen)
    {
        switch (node)
        {
            case ClassStmt:
                return; // a class's resources exist only in its instances, which are walked on their own
            // The resource a panic(...) statement stands for is never built: the panic function stops the program first.
            case ResourceStmt { Kind: BuiltinNames.PanicResourceKind }:
                return;
            case ResourceStmt r when seen.Add(r) && registry.Find(r.Kind) is null:
                found.Add(UnknownKind.Error(Phase.Interpret, r, registry));
                return;
        }
        foreach (var child in node.Children) Walk(child, registry, found, seen);
    }
}
