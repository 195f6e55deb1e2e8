using Mgmt.Engine.Resources;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Syntax.Passes;

/// <summary>
/// The Init stage: checks of the tree that need no scope and no types. It walks the tree in source order
/// and throws <see cref="LangException"/> (<see cref="Phase.Init"/>) at the first mistake:
/// duplicate resource parameters or meta parameters, unknown edge properties and meta parameters,
/// resource kinds with a leading underscore, literal map key problems (<see cref="MapLiteralChecks"/>), duplicate struct
/// fields, duplicate parameter names, and <c>import</c> inside <c>for</c>/<c>forkv</c> bodies.
/// </summary>
internal static class InitPass
{
    private static readonly HashSet<string> EdgeProperties = ["before", "depend", "notify", "listen"];

    public static void Run(ProgramStmt program) => Check(program);

    private static void Check(Node node)
    {
        switch (node)
        {
            case ResourceStmt r:
                CheckResource(r);
                return; // it visits its own children in order
            case ForStmt f:
                RejectImports(f.Body, f, "for");
                break;
            case ForKVStmt f:
                RejectImports(f.Body, f, "forkv");
                break;
            case MapExpr m:
                MapLiteralChecks.Check(m);
                break;
            case StructExpr s:
                CheckStructFields(s);
                break;
            case FuncExpr f:
                CheckParams(f.Params, "function");
                break;
            case ClassStmt c when c.Params is not null:
                CheckParams(c.Params, $"class `{c.Name}`");
                break;
            case ResourceEdgeEntry e when !EdgeProperties.Contains(e.Property):
                throw new LangException(Phase.Init,
                    $"`{TokenText.Capitalize(e.Property)}` is not an edge property: use Before, Depend, Notify or Listen", e.Span);
            case ResourceMetaEntry m when m.Property != ResourceMetaEntry.WholeStruct && MetaParams.FindField(m.Property) is null:
                throw new LangException(Phase.Init,
                    $"`Meta:{m.Property}` is not a meta parameter; the meta parameters are " +
                    string.Join(", ", MetaParams.Fields.Select(f => f.Name)), m.Span);
        }
        foreach (var child in node.Children) Check(child);
    }

    private static void CheckResource(ResourceStmt r)
    {
        // Only the engine's own kinds start with an underscore; one inside a kind is fine (ssh:authorized_key).
        if (r.Kind.StartsWith('_') && r.Kind != BuiltinNames.PanicResourceKind)
        {
            throw new LangException(Phase.Init,
                $"resource kind `{r.Kind}` starts with an underscore, which is kept for mgmt's internal kinds: remove it (check the spelling)", r.Span);
        }
        Check(r.Name);
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var metas = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in r.Entries)
        {
            switch (entry)
            {
                case ResourceFieldEntry f when !fields.Add(f.Field):
                    throw new LangException(Phase.Init,
                        $"resource parameter `{f.Field}` is set twice in this `{r.Kind}` resource; keep only one " +
                        "(use `param => condition ?: value,` to choose a value)", r.Span);
                // Several `Meta => struct{...}` lines may exist; whether they overlap is only known from their
                // types, so that check happens after type unification.
                case ResourceMetaEntry m when m.Property != ResourceMetaEntry.WholeStruct && !metas.Add(m.Property):
                    throw new LangException(Phase.Init,
                        $"meta parameter `Meta:{m.Property}` is set twice in this `{r.Kind}` resource; keep only one", r.Span);
            }
            Check(entry);
        }
    }

    /// <summary>
    /// Imports are resolved once per scope, not per loop iteration, so they cannot live in a loop body (nor in
    /// an <c>if</c> inside it).
    /// </summary>
    private static void RejectImports(ProgramStmt body, Stmt loop, string keyword)
    {
        foreach (var s in body.Statements)
        {
            switch (s)
            {
                case ImportStmt i:
                    throw new LangException(Phase.Init,
                        $"`import \"{i.Name}\"` (line {i.Span.StartLine}) is inside a `{keyword}` loop: imports are not " +
                        "allowed in loop bodies; move it to the top of the file", loop.Span);
                case IfStmt branch:
                    RejectImports(branch.Then, loop, keyword);
                    if (branch.Else is not null) RejectImports(branch.Else, loop, keyword);
                    break;
            }
        }
    }

    private static void CheckStructFields(StructExpr s)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in s.Fields)
        {
            if (!names.Add(f.Name))
            {
                throw new LangException(Phase.Init, $"struct field `{f.Name}` is given twice in this struct value; keep only one", s.Span);
            }
        }
    }

    private static void CheckParams(List<VarDecl> parameters, string owner)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (!names.Add(p.Name))
            {
                throw new LangException(Phase.Init, $"the {owner} has two parameters named `${p.Name}`; rename one", p.Span);
            }
        }
    }
}
