using Mgmt.Engine.Values;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Runtime.Lowering;

/// <summary>
/// Refuses a resource that sets one meta parameter twice, including through a <c>Meta => struct{...}</c> whose
/// fields overlap another meta line (the syntax check sees only identical lines; the fields of a struct are known
/// once the program is typed). Checked for every resource the program can produce, whichever branch or loop it
/// is in, before anything runs.
/// </summary>
internal static class MetaDuplicateCheck
{
    public static void Run(CheckedProgram program)
    {
        var pending = new Stack<ProgramStmt>();
        var seen = new HashSet<ProgramStmt>(ReferenceEqualityComparer.Instance);
        pending.Push(program.Main);
        while (pending.Count > 0)
        {
            var block = pending.Pop();
            if (!seen.Add(block)) continue;
            foreach (var statement in block.Statements)
            {
                switch (statement)
                {
                    case ResourceStmt resource:
                        Check(program, resource);
                        break;
                    case IfStmt branch:
                        pending.Push(branch.Then);
                        if (branch.Else is not null) pending.Push(branch.Else);
                        break;
                    case ForStmt loop:
                        pending.Push(loop.Body);
                        break;
                    case ForKVStmt loop:
                        pending.Push(loop.Body);
                        break;
                    case IncludeStmt include:
                        pending.Push(program.InstanceOf(include).Body);
                        break;
                }
            }
        }
    }

    private static void Check(CheckedProgram program, ResourceStmt resource)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var meta in resource.Entries.OfType<ResourceMetaEntry>())
        {
            IEnumerable<string> properties = meta.Property == ResourceMetaEntry.WholeStruct
                ? program.TypeOf(meta.Value) is StructType s ? s.Fields.Select(f => f.Name) : []
                : [meta.Property];
            foreach (var property in properties)
            {
                if (!names.Add(property))
                {
                    throw new LangException(
                        Phase.Graph,
                        $"the resource sets the meta parameter '{property}' more than once (a Meta:{property} line and a Meta struct, or two Meta structs); keep one",
                        resource.Span);
                }
            }
        }
    }
}
