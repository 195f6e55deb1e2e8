using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Types;

namespace Mgmt.Lang.Core.GolangFunctions.TextTemplate;

/// <summary>
/// The mcl functions a template can call: every simple (monomorphic) function of the library, named with its
/// package's '/' and '.' turned into '_' (<c>golang_strings_join</c>, <c>net_url_parser</c>,
/// <c>datetime_print</c>); functions that need no import get a leading '_' (<c>_len</c>) so they cannot clash
/// with a package function of the same spelling.
/// </summary>
internal sealed class TemplateFunctionTable
{
    private readonly Dictionary<string, (BuiltinFunction Function, FuncType Type)> _functions = new(StringComparer.Ordinal);

    public TemplateFunctionTable(FunctionRegistry registry)
    {
        foreach (var package in registry.Packages.Prepend(""))
        {
            foreach (var (name, function) in registry.Functions(package))
            {
                var signature = function switch
                {
                    SimpleFunction s => s.Signature,
                    TypedFunction t => t.Signature,
                    _ => null,
                };
                if (signature is null || signature.Contains('?')) continue;
                var templateName = package.Length == 0 ? "_" + name : package.Replace('/', '_') + "_" + name;
                _functions.TryAdd(templateName, (function, SignatureParser.ParseFunc(signature)));
            }
        }
    }

    public IEnumerable<string> Names => _functions.Keys;

    public bool TryGet(string name, out BuiltinFunction function, out FuncType type)
    {
        var found = _functions.TryGetValue(name, out var entry);
        (function, type) = entry;
        return found;
    }

    /// <summary>Calls a library function with template values, converting untyped numbers to the parameter types.</summary>
    public Value Call(string name, IReadOnlyList<object?> args, IFunctionContext context)
    {
        if (!TryGet(name, out var function, out var type)) throw new TemplateException($"function \"{name}\" is not defined");
        if (args.Count != type.Parameters.Count)
        {
            throw new TemplateException($"{name} takes {type.Parameters.Count} argument(s), but {args.Count} were given");
        }
        var values = new Value[args.Count];
        for (var i = 0; i < args.Count; i++) values[i] = ConvertArgument(name, i, args[i], type.Parameters[i].Type);
        var node = (PureFunctionNode)function.Create(type);
        node.Init(context);
        try
        {
            return node.Call(values);
        }
        catch (Exception e) when (e is CatchableException or FunctionException)
        {
            throw new TemplateException($"{name} failed: {e.Message}");
        }
    }

    /// <summary>Converts a template value to a parameter type (as Go converts untyped constants), or fails.</summary>
    internal static Value ConvertArgument(string function, int index, object? arg, DataType type)
    {
        switch (arg)
        {
            case NumberLiteral n when type == DataType.Int && n.Int is { } i:
                return Value.Int(i);
            case NumberLiteral n when type == DataType.Float:
                return Value.Float(n.Float);
            case Value v when v.Type.Equals(type):
                return v;
        }
        throw new TemplateException(
            $"argument {index + 1} of {function} must be a {type}, not {TemplateValues.TypeName(arg)} ({TemplateValues.Print(arg)})");
    }
}
