using System.Globalization;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Syntax;

/// <summary>A compact one-line rendering of trees, so tests can state the expected shape as text.</summary>
internal static class AstPrinter
{
    public static string Print(Node node) => node switch
    {
        BoolExpr b => b.Value ? "true" : "false",
        IntExpr i => i.Value.ToString(CultureInfo.InvariantCulture),
        FloatExpr f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        StrExpr s => Quote(s.Value),
        StrTemplateExpr t => "t" + Quote(t.RawText),
        VarExpr v => "$" + v.Name,
        ListExpr l => "[" + Join(l.Elements) + "]",
        MapExpr m => "{" + Join(m.Entries) + "}",
        MapEntry e => Print(e.Key) + ": " + Print(e.Value),
        StructExpr s => "struct{" + Join(s.Fields) + "}",
        StructFieldValue f => f.Name + ": " + Print(f.Value),
        CallExpr c => Callee(c) + "(" + Join(c.Args) + ")",
        FuncExpr f => "func(" + Join(f.Params) + ")" + (f.ReturnType is null ? "" : " " + f.ReturnType) + " {" + Print(f.Body) + "}",
        VarDecl d => d.Type is null ? "$" + d.Name : "$" + d.Name + " " + d.Type,
        IfExpr i => "if(" + Print(i.Condition) + ", " + Print(i.Then) + ", " + Print(i.Else) + ")",
        ExceptExpr e => "except(" + Print(e.Primary) + ", " + Print(e.Fallback) + ")",
        ProgramStmt p => string.Join("; ", p.Statements.Select(Print)),
        BindStmt b => "$" + b.Name + (b.Type is null ? "" : " " + b.Type) + " = " + Print(b.Value),
        ResourceStmt r => (r.IsCollect ? "collect " : "") + r.Kind + " " + Print(r.Name) + " {" + Join(r.Entries) + "}",
        ResourceFieldEntry f => f.Field + " => " + Guard(f) + Print(f.Value),
        ResourceEdgeEntry e => e.Property + " => " + Guard(e) + Print(e.Target),
        ResourceMetaEntry m => "meta:" + m.Property + " => " + Guard(m) + Print(m.Value),
        EdgeStmt e => string.Join(" -> ", e.Halves.Select(Print)),
        EdgeHalf h => h.Kind + "[" + Print(h.Name) + "]" + (h.SendRecv is null ? "" : "." + h.SendRecv),
        IfStmt i => "if " + Print(i.Condition) + " {" + Print(i.Then) + "}" + (i.Else is null ? "" : " else {" + Print(i.Else) + "}"),
        ForStmt f => "for " + Print(f.Index) + ", " + Print(f.Value) + " in " + Print(f.List) + " {" + Print(f.Body) + "}",
        ForKVStmt f => "forkv " + Print(f.Key) + ", " + Print(f.Value) + " in " + Print(f.Map) + " {" + Print(f.Body) + "}",
        FuncStmt f => "func " + f.Name + Print(f.Func)["func".Length..],
        ClassStmt c => "class " + c.Name + (c.Params is null ? "" : "(" + Join(c.Params) + ")") + " {" + Print(c.Body) + "}",
        IncludeStmt i => "include " + i.Name + (i.Args is null ? "" : "(" + Join(i.Args) + ")") + (i.Alias is null ? "" : " as " + i.Alias),
        ImportStmt i => "import " + Quote(i.Name) + (i.Alias is null ? "" : " as " + i.Alias),
        _ => node.ToString(),
    };

    private static string Callee(CallExpr c) =>
        c.Lambda is not null ? "(" + Print(c.Lambda) + ")" : c.IsVariable ? "$" + c.Name : c.Name;

    private static string Guard(ResourceEntry e) => e.Condition is null ? "" : Print(e.Condition) + " ?: ";

    private static string Join(IEnumerable<Node> nodes) => string.Join(", ", nodes.Select(Print));

    private static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
