using Mgmt.Engine.Values;
using Mgmt.Lang.Core.GolangFunctions.TextTemplate;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.GolangFunctions;

/// <summary>
/// <c>golang.template(template[, vars])</c>: renders a Go text/template with <c>vars</c> as its data. Struct
/// fields are read Title-cased (<c>{{.Name}}</c> for field <c>name</c>); the library's simple functions are
/// available by package-qualified names with '.' and '/' written as '_' (<c>{{datetime_print .}}</c>). A template
/// that does not parse, or fails while running (a missing key, a bad call), stops the program with the position
/// of the mistake.
/// </summary>
internal sealed class TemplateFunction(Lazy<TemplateFunctionTable> functions) : BuiltinFunction("template")
{
    public override string Description => "Renders a Go text/template with the second argument as its data.";

    // Templates can call functions that read the host, so the result is not a pure function of the arguments.
    public override bool IsPure => false;

    public override FuncType Infer(CallSite site)
    {
        Arity.Range("golang.template", site, 1, 2);
        return site.ArgCount == 1
            ? TypeRules.Func(DataType.Str, ("template", DataType.Str))
            : TypeRules.Func(DataType.Str, ("template", DataType.Str), ("vars", new TypeVariable()));
    }

    public override void Check(FuncType resolved, CallSite site)
    {
        if (resolved.Parameters.Count == 2 && TypeRules.ContainsFunc(resolved.Parameters[1].Type))
        {
            throw new TypeCheckException($"golang.template cannot take a function value as its data ({resolved.Parameters[1].Type})");
        }
    }

    public override FunctionNode Create(FuncType resolved) => new Node(functions);

    /// <summary>Parses a template; a syntax error becomes a <see cref="FunctionException"/> for the user.</summary>
    internal static IReadOnlyDictionary<string, ListNode> Parse(string text)
    {
        try
        {
            return TemplateParser.Parse(text);
        }
        catch (TemplateException e)
        {
            throw new FunctionException($"golang.template: the template does not parse: {e.Message}");
        }
    }

    /// <summary>Runs a parsed template; failures become <see cref="FunctionException"/>s for the user.</summary>
    internal static string Render(
        IReadOnlyDictionary<string, ListNode> parsed, Value? data, TemplateFunctionTable functions, IFunctionContext context)
    {
        try
        {
            return TemplateExecutor.Execute(parsed, functions, context, data);
        }
        catch (TemplateException e)
        {
            throw new FunctionException($"golang.template: the template failed at {e.Message}");
        }
    }

    private sealed class Node(Lazy<TemplateFunctionTable> functions) : PureFunctionNode
    {
        // The template text rarely changes while the data does: keep the last parse.
        private (string Text, IReadOnlyDictionary<string, ListNode> Parsed)? _last;

        public override Value Call(IReadOnlyList<Value> args)
        {
            var text = args[0].AsStr();
            if (_last is not { } last || last.Text != text) _last = last = (text, Parse(text));
            return Value.Str(Render(last.Parsed, args.Count > 1 ? args[1] : null, functions.Value, Context));
        }
    }
}
