using Mgmt.Engine.Values;
using Mgmt.Lang.Core;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;

namespace Mgmt.Lang.Tests.Core;

public sealed class RegistryTests
{
    private static readonly FunctionRegistry Registry = CoreLibrary.Create();

    public static TheoryData<string> Packages() => [.. Registry.Packages];

    private static IEnumerable<(string Package, string Name, BuiltinFunction Function)> All() =>
        Registry.Packages.Prepend("").SelectMany(p => Registry.Functions(p).Select(f => (p, f.Key, f.Value)));

    [Fact]
    public void EveryPackageOfTheBriefIsThere()
    {
        string[] expected =
        [
            "convert", "datetime", "deploy", "encoding", "example", "example/nested", "fmt", "golang", "golang/html",
            "golang/math", "golang/math/rand", "golang/os", "golang/os/exec", "golang/path", "golang/path/filepath",
            "golang/runtime", "golang/strconv", "golang/strings", "iter", "list", "local", "map", "math", "net", "net/http", "os",
            "regexp", "strings", "sys", "sys/fwupd", "test", "util", "value", "world", "world/collect",
        ];
        Assert.Equal(expected, Registry.Packages.ToArray());
        Assert.True(Registry.HasPackage("golang/strings"));
        Assert.False(Registry.HasPackage(""));
    }

    [Fact]
    public void TopLevelFunctionsNeedNoImport()
    {
        string[] expected =
        [
            "_collect", "_lookup", "_operator", "_struct_lookup", "_struct_lookup_optional", "concat", "contains", "history", "len", "list_lookup",
            "map_lookup", "panic", "panic_debug", "random1",
        ];
        Assert.Equal(expected, Registry.Functions("").Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void EveryFunctionIsDescribedAndNamedInSnakeCase()
    {
        foreach (var (package, name, function) in All())
        {
            Assert.False(string.IsNullOrWhiteSpace(function.Description), $"{package}.{name} has no description");
            Assert.Matches("^_?[a-z][a-z0-9_]*$", name);
        }
    }

    [Fact]
    public void EverySignatureParses()
    {
        foreach (var (package, name, function) in All())
        {
            var signature = function switch
            {
                SimpleFunction s => s.Signature,
                TypedFunction t => t.Signature,
                _ => null,
            };
            if (signature is null) continue;
            var type = Mgmt.Lang.Types.SignatureParser.ParseFunc(signature);
            Assert.True(type.Parameters.All(p => p.Name is not null), $"{package}.{name} has unnamed parameters");
            var inferred = function.Infer(new CallSite(type.Parameters.Count, _ => null));
            Assert.Equal(type.Parameters.Count, inferred.Parameters.Count);
        }
    }

    [Fact]
    public void ConformanceConstGlobals()
    {
        Assert.Equal(Value.Str("exists"), Registry.Globals["const.res.file.state.exists"]);
        Assert.Equal(Value.Str("absent"), Registry.Globals["const.res.file.state.absent"]);
        Assert.Equal(Value.Str(""), Registry.Globals["const.res.file.state.undefined"]);
        Assert.Equal(Value.Int(-1), Registry.Globals["const.res.gzip.level.default_compression"]);
        Assert.Equal(Value.Int(8), Registry.Globals["const.res.tar.format.gnu"]);
    }

    [Fact]
    public void StreamsAreNeverPure()
    {
        foreach (var (package, name, function) in All())
        {
            var type = function is Mgmt.Lang.Core.Support.StreamFunction s ? Mgmt.Lang.Types.SignatureParser.ParseFunc(s.Signature) : null;
            if (type is not null) Assert.False(function.IsPure, $"{package}.{name} is a stream but claims to be pure");
        }
    }

    [Fact]
    public void TheFunctionReferenceDocumentsEveryFunction()
    {
        var docs = FindDocs();
        var text = File.ReadAllText(docs);
        var missing = All()
            .Select(f => f.Package.Length == 0 ? f.Name : $"{f.Package}.{f.Name}")
            .Where(n => !text.Contains($"`{n}`", StringComparison.Ordinal) && !text.Contains($"`{n}(", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, $"docs/functions.md does not mention: {string.Join(", ", missing)}");
    }

    private static string FindDocs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Join(dir.FullName, "docs", "functions.md");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("docs/functions.md was not found above the test binaries");
    }
}
