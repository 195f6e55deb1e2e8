using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax.Passes;

/// <summary>
/// Part of the Interpolate stage, for one program (block): class names must be unique, and a class named
/// <c>parent:child</c> is sugar for a class <c>child</c> declared inside class <c>parent</c> of the same
/// program (<c>a:b:c</c> goes inside <c>a:b</c>). Such classes are moved into their parent's body and renamed.
/// </summary>
internal static class ClassNesting
{
    public static void Apply(ProgramStmt program)
    {
        // Keyed by the name as written, so `a:b:c` finds `a:b` whether or not that one was moved already.
        var byName = new Dictionary<string, ClassStmt>(StringComparer.Ordinal);
        foreach (var c in program.Statements.OfType<ClassStmt>())
        {
            if (byName.TryGetValue(c.Name, out var first)) throw Duplicate(c.Name, c, first);
            byName.Add(c.Name, c);
        }

        var nested = byName.Values.Where(c => c.Name.Contains(':', StringComparison.Ordinal)).ToList();
        foreach (var c in nested)
        {
            var cut = c.Name.LastIndexOf(':');
            var parentName = c.Name[..cut];
            var childName = c.Name[(cut + 1)..];
            if (!byName.TryGetValue(parentName, out var parent))
            {
                throw new LangException(Phase.Interpolate,
                    $"class `{c.Name}` is declared inside class `{parentName}`, but there is no class `{parentName}` next to it; " +
                    $"declare `class {parentName}` in the same block, or rename this class", c.Span);
            }
            if (parent.Body.Statements.OfType<ClassStmt>().FirstOrDefault(x => x.Name == childName) is { } clash)
            {
                throw Duplicate(childName, c, clash);
            }
            program.Statements.Remove(c);
            c.Name = childName;
            parent.Body.Statements.Add(c);
        }
    }

    private static LangException Duplicate(string name, ClassStmt second, ClassStmt first) =>
        new(Phase.Interpolate,
            $"duplicate class name `{name}`: a class of that name is already declared in this scope " +
            $"(at {first.Span.StartLine}:{first.Span.StartColumn}); rename or remove one of them", second.Span);
}
