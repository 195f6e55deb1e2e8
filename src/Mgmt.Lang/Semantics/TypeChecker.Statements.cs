using Mgmt.Engine.Values;
using Mgmt.Lang.Syntax.Ast;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Semantics;

internal sealed partial class TypeChecker
{
    /// <summary>
    /// Types the statements that produce output, in source order. Binds, functions and classes are skipped: they
    /// are typed where they are used (a class through each of its includes).
    /// </summary>
    private void TypeBlock(ProgramStmt block)
    {
        foreach (var statement in block.Statements) TypeStatement(statement);
    }

    private void TypeStatement(Stmt statement)
    {
        switch (statement)
        {
            case ResourceStmt r:
                TypeResource(r);
                break;
            case EdgeStmt e:
                TypeEdge(e);
                break;
            case IfStmt i:
                Require(DataType.Bool, Infer(i.Condition), i.Span,
                    m => $"type error: the condition of an if statement must be a bool; {m.Describe()}");
                TypeBlock(i.Then);
                if (i.Else is not null) TypeBlock(i.Else);
                break;
            case ForStmt f:
                TypeFor(f);
                break;
            case ForKVStmt f:
                TypeForKV(f);
                break;
            case IncludeStmt include:
                TypeInclude(include);
                break;
            case ProgramStmt p:
                TypeBlock(p);
                break;
        }
    }

    private void TypeFor(ForStmt f)
    {
        var list = Infer(f.List);
        var index = f.Index.Type ?? new TypeVariable();
        var value = f.Value.Type ?? new TypeVariable();
        _loopTypes[f] = (index, value);
        Require(DataType.List(value), list, f.Span,
            m => $"type error: `for` goes over the elements of a list, but this is {Show(list)}; {m.Describe()} (use `forkv` for a map)");
        Require(DataType.Int, index, f.Index.Span, m => $"type error: the index of a `for` loop is an int; {m.Describe()}");
        TypeBlock(f.Body);
    }

    private void TypeForKV(ForKVStmt f)
    {
        var map = Infer(f.Map);
        var key = f.Key.Type ?? new TypeVariable();
        var value = f.Value.Type ?? new TypeVariable();
        _loopTypes[f] = (key, value);
        Require(DataType.Map(key, value), map, f.Span,
            m => $"type error: `forkv` goes over the entries of a map, but this is {Show(map)}; {m.Describe()} (use `for` for a list)");
        TypeBlock(f.Body);
    }

    /// <summary>
    /// An include: the instance's statements, then each argument, which must fit the parameter's declared type
    /// when the class declares one.
    /// </summary>
    private void TypeInclude(IncludeStmt include)
    {
        var instance = tables.Includes[include];
        TypeBlock(instance.Body);
        var parameters = instance.Class.Definition.Params ?? [];
        var args = include.Args ?? [];
        for (var i = 0; i < args.Count; i++)
        {
            var type = InferBound(args[i]);
            if (parameters[i].Type is not { } declared) continue;
            var name = parameters[i].Name;
            Require(declared, type, include.Span,
                m => $"type error: parameter `${name}` of class `{include.Name}` is declared as {declared}, but this include passes {Show(type)}");
        }
    }
}
