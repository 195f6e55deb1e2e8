using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

internal sealed partial class NameResolver
{
    /// <summary>Resolves every statement of a block whose scope was made by <see cref="EnterBlock"/>.</summary>
    private void ResolveBlock(ProgramStmt block, Scope scope, CompiledModule module)
    {
        foreach (var statement in block.Statements) ResolveStatement(statement, scope, module);
    }

    private void ResolveStatement(Stmt statement, Scope scope, CompiledModule module)
    {
        switch (statement)
        {
            case BindStmt b:
                ResolveExpr(b.Value, scope);
                break;
            case FuncStmt f:
                // The definition itself is checked once here; each call resolves its own copy again.
                ResolveLambda(f.Func, scope);
                break;
            case ClassStmt or ImportStmt:
                break; // a class body is resolved per include; imports were processed when the block was entered
            case IncludeStmt include:
                Instantiate(include, scope, module);
                break;
            case ResourceStmt r:
                ResolveExpr(r.Name, scope);
                foreach (var entry in r.Entries) ResolveEntry(entry, scope);
                break;
            case EdgeStmt e:
                foreach (var half in e.Halves) ResolveExpr(half.Name, scope);
                break;
            case IfStmt i:
                ResolveExpr(i.Condition, scope);
                ResolveNestedBlock(i.Then, scope, module);
                if (i.Else is not null) ResolveNestedBlock(i.Else, scope, module);
                break;
            case ForStmt f:
                {
                    ResolveExpr(f.List, scope);
                    var loop = new Scope(scope);
                    loop.DefineVariable(f.Index.Name, new LoopBinding(f, IsKey: true));
                    loop.DefineVariable(f.Value.Name, new LoopBinding(f, IsKey: false));
                    ResolveNestedBlock(f.Body, loop, module);
                    break;
                }
            case ForKVStmt f:
                {
                    ResolveExpr(f.Map, scope);
                    var loop = new Scope(scope);
                    loop.DefineVariable(f.Key.Name, new LoopBinding(f, IsKey: true));
                    loop.DefineVariable(f.Value.Name, new LoopBinding(f, IsKey: false));
                    ResolveNestedBlock(f.Body, loop, module);
                    break;
                }
            case ProgramStmt p:
                ResolveNestedBlock(p, scope, module);
                break;
        }
    }

    private void ResolveNestedBlock(ProgramStmt block, Scope parent, CompiledModule module) =>
        ResolveBlock(block, EnterBlock(block, parent, module), module);

    private void ResolveEntry(ResourceEntry entry, Scope scope)
    {
        if (entry.Condition is not null) ResolveExpr(entry.Condition, scope);
        switch (entry)
        {
            case ResourceFieldEntry f:
                ResolveExpr(f.Value, scope);
                break;
            case ResourceMetaEntry m:
                ResolveExpr(m.Value, scope);
                break;
            case ResourceEdgeEntry e:
                ResolveExpr(e.Target.Name, scope);
                break;
        }
    }
}
