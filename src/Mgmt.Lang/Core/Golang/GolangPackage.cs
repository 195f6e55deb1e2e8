using Mgmt.Lang.Core.GolangFunctions.Stdlib;
using Mgmt.Lang.Core.GolangFunctions.TextTemplate;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.GolangFunctions;

/// <summary>
/// The <c>golang</c> package (<c>template</c>) and the <c>golang/*</c> packages that expose Go standard library
/// functions with snake_case names (<c>golang/strings.has_prefix</c>).
/// </summary>
internal static class GolangPackage
{
    public const string Name = "golang";

    public static void Register(FunctionRegistry registry)
    {
        StringsWrappers.Register(registry);
        MathWrappers.Register(registry);
        StrconvWrappers.Register(registry);
        HostWrappers.Register(registry);
        PathWrappers.Register(registry);
        // The function table is built on first use, when the registry is complete.
        registry.Add(Name, new TemplateFunction(new Lazy<TemplateFunctionTable>(() => new TemplateFunctionTable(registry))));
    }
}
