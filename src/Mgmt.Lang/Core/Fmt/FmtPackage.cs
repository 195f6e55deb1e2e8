using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.FmtFunctions;

/// <summary>The <c>fmt</c> package: string formatting.</summary>
internal static class FmtPackage
{
    public const string Name = "fmt";

    public static void Register(FunctionRegistry registry) => registry.Add(Name, new PrintfFunction());
}
