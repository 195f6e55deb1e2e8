using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// Finds what keeps a program from being evaluated safely before it runs: calls of functions that are not pure
/// (they read the machine, the clock or the cluster, or act on the machine, such as <c>os.system</c>) and
/// <c>collect</c> statements (they read the cluster). A program without any has the same values wherever and
/// whenever it runs, so <c>mgmt check</c> may compute its resource graph and report what only the graph shows
/// (duplicate resources that differ, cycles, parameter values a resource refuses).
/// </summary>
public static class MachineReads
{
    /// <summary>Each reason (the function's name, or <c>collect KIND</c>) with its place, in source order; empty when there are none.</summary>
    public static IReadOnlyList<(string What, SourceSpan Span)> Find(CheckedProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var found = new List<(SourceSpan Span, string What)>();
        foreach (var (call, target) in program.Calls)
        {
            if (target is BuiltinCall { Function.IsPure: false }) found.Add((call.Span, call.Name));
        }
        var seen = new HashSet<ResourceStmt>(ReferenceEqualityComparer.Instance);
        void Walk(Node node)
        {
            if (node is ResourceStmt { IsCollect: true } r && seen.Add(r)) found.Add((r.Span, $"collect {r.Kind}"));
            foreach (var child in node.Children) Walk(child);
        }
        Walk(program.Main);
        foreach (var instance in program.ClassInstances) Walk(instance.Body);
        return [.. found
            .OrderBy(f => f.Span.File, StringComparer.Ordinal).ThenBy(f => f.Span.StartLine).ThenBy(f => f.Span.StartColumn)
            .Select(f => (f.What, f.Span)).Distinct()];
    }
}
