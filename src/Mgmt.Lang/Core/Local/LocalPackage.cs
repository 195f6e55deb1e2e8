using Mgmt.Engine.Values;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.LocalFunctions;

/// <summary>The <c>local</c> package: host-local, persistent state.</summary>
internal static class LocalPackage
{
    public const string Name = "local";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new TypedFunction("vardir", "func(path str) str", (_, c, a) => Value.Str(VarDir(c, a[0].AsStr())),
            description: "A persistent local directory for this path (created if needed), ending in '/'.", pure: false))
        .Add(Name, new TypedFunction("pool", "func(namespace str, uid str) int",
            (_, c, a) => Value.Int(PoolStore.Allocate(c.VarDir("pool"), a[0].AsStr(), a[1].AsStr())),
            description: "A unique, stable, non-zero int for this uid within the namespace, kept across runs.", pure: false));

    private static string VarDir(IFunctionContext context, string path)
    {
        var relative = path.Trim('/');
        if (relative.Length == 0 || relative.Split('/').Any(p => p is "" or "." or ".."))
        {
            throw new FunctionException($"local.vardir needs a relative path such as \"myapp/\", got \"{path}\"");
        }
        var dir = context.VarDir("local/" + relative);
        Directory.CreateDirectory(dir);
        return dir.EndsWith('/') ? dir : dir + "/";
    }
}
