using System.Text;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.FmtFunctions;

/// <summary>
/// <c>fmt.printf(format, args...)</c>: formats values into a string. When the format is a constant (the usual
/// case), each verb fixes the type of its argument at compile time (%d takes an int, %s a str, %v anything), and a
/// wrong number of arguments or an unknown verb is a compile error. A format computed at run time is allowed too;
/// its arguments may then be of any type and mismatches stop the program with a clear message.
/// </summary>
internal sealed class PrintfFunction() : BuiltinFunction("printf")
{
    public override string Description => "Formats values into a string, like Go's fmt.Sprintf.";

    public override FuncType Infer(CallSite site)
    {
        Arity.AtLeast("printf", site, 1);
        var parameters = new List<FuncParam> { new("format", DataType.Str) };
        if (site.StaticArg(0) is { } formatValue)
        {
            if (formatValue is not StrValue text) throw new TypeCheckException($"the printf format must be a str, not a {formatValue.Type}");
            var format = ParseForCompile(text.V);
            var values = site.ArgCount - 1;
            if (format.Directives.Count != values)
            {
                throw new TypeCheckException(
                    $"the printf format {GoFormat.Quote(text.V)} has {Plural(format.Directives.Count, "verb")} but {Plural(values, "value")} {(values == 1 ? "was" : "were")} given");
            }
            for (var i = 0; i < values; i++)
            {
                parameters.Add(new FuncParam(SignatureParser.ArgName(i), format.Directives[i].ArgumentType ?? new TypeVariable()));
            }
        }
        else
        {
            for (var i = 1; i < site.ArgCount; i++) parameters.Add(new FuncParam(SignatureParser.ArgName(i - 1), new TypeVariable()));
        }
        return DataType.Func(parameters, DataType.Str);
    }

    public override void Check(FuncType resolved, CallSite site)
    {
        foreach (var p in resolved.Parameters.Skip(1))
        {
            if (TypeRules.ContainsFunc(p.Type)) throw new TypeCheckException($"printf cannot print a function value ({p.Type})");
        }
    }

    public override FunctionNode Create(FuncType resolved) => new Node();

    private static FormatString ParseForCompile(string text)
    {
        try
        {
            return FormatString.Parse(text);
        }
        catch (FormatException e)
        {
            throw new TypeCheckException($"invalid printf format {GoFormat.Quote(text)}: {e.Message}");
        }
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    /// <summary>Formats with the mcl style; shared with the template functions that mirror printf.</summary>
    internal static string Format(string text, IReadOnlyList<Value> values, PrintStyle style)
    {
        FormatString format;
        try
        {
            format = FormatString.Parse(text);
        }
        catch (FormatException e)
        {
            throw new FunctionException($"invalid printf format {GoFormat.Quote(text)}: {e.Message}");
        }
        if (format.Directives.Count != values.Count)
        {
            throw new FunctionException(
                $"the printf format {GoFormat.Quote(text)} has {Plural(format.Directives.Count, "verb")} but {Plural(values.Count, "value")} {(values.Count == 1 ? "was" : "were")} given");
        }
        var sb = new StringBuilder();
        var index = 0;
        foreach (var part in format.Parts)
        {
            if (part is string literal)
            {
                sb.Append(literal);
                continue;
            }
            var directive = (FormatDirective)part;
            var value = values[index++];
            if (directive.ArgumentType is { } expected && value.Type != expected)
            {
                throw new FunctionException(
                    $"printf verb {directive} needs a {expected}, but value {index} is a {value.Type} ({value})");
            }
            sb.Append(ValueFormatter.Format(directive, value, style));
        }
        return sb.ToString();
    }

    private sealed class Node : PureFunctionNode
    {
        public override Value Call(IReadOnlyList<Value> args) =>
            Value.Str(Format(args[0].AsStr(), args.Skip(1).ToArray(), PrintStyle.Mcl));
    }
}
