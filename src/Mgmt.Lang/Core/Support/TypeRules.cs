using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Support;

/// <summary>Small questions about types that several built-ins ask when they check or refine a call.</summary>
internal static class TypeRules
{
    /// <summary>True when the type holds a function somewhere (such values cannot be compared or printed).</summary>
    public static bool ContainsFunc(DataType t) => t is FuncType || t.Children.Any(ContainsFunc);

    /// <summary>Throws a type error when <paramref name="actual"/> is not one of the accepted types.</summary>
    public static void RequireOneOf(string what, DataType actual, params DataType[] accepted)
    {
        if (accepted.Any(a => a == actual)) return;
        var names = string.Join(", ", accepted.Select(a => a.ToString()));
        throw new TypeCheckException($"{what} must be one of {names}, not {actual}");
    }

    /// <summary>Builds a function type with the given parameter names and types.</summary>
    public static FuncType Func(DataType result, params (string Name, DataType Type)[] parameters) =>
        DataType.Func([.. parameters.Select(p => new FuncParam(p.Name, p.Type))], result);
}
