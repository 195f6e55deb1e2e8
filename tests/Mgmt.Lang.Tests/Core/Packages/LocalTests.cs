using Mgmt.Lang.Functions;
using Mgmt.Lang.Tests.Core.Support;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class LocalTests
{
    [Fact]
    public void PoolGivesStableUniqueNumbersAcrossRuns()
    {
        using var context = new TestFunctionContext();
        Assert.Equal(I(1), CallWith(context, "local.pool", S("ns"), S("alpha")));
        Assert.Equal(I(2), CallWith(context, "local.pool", S("ns"), S("beta")));
        Assert.Equal(I(1), CallWith(context, "local.pool", S("ns"), S("alpha")));
        Assert.Equal(I(1), CallWith(context, "local.pool", S("other/ns"), S("beta")));

        // A later run (a new node on the same var dir) sees the same allocations.
        Assert.Equal(I(2), CallWith(context, "local.pool", S("ns"), S("beta")));
        Assert.Equal(I(3), CallWith(context, "local.pool", S("ns"), S("gamma")));
        Assert.Empty(Directory.GetFiles(Path.Join(context.VarRoot, "pool"), "*.tmp"));
        Assert.Throws<FunctionException>(() => CallWith(context, "local.pool", S(""), S("x")));
    }

    [Fact]
    public void CorruptPoolFilesAreReported()
    {
        using var context = new TestFunctionContext();
        CallWith(context, "local.pool", S("ns"), S("alpha"));
        File.WriteAllText(Directory.GetFiles(Path.Join(context.VarRoot, "pool"))[0], "{not json");
        var e = Assert.Throws<FunctionException>(() => CallWith(context, "local.pool", S("ns"), S("alpha")));
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void VarDirIsCreatedUnderTheHostDirectory()
    {
        using var context = new TestFunctionContext();
        var dir = CallWith(context, "local.vardir", S("myapp/")).AsStr();
        Assert.True(Directory.Exists(dir));
        Assert.EndsWith("/", dir);
        Assert.StartsWith(context.VarRoot, dir);
        Assert.Throws<FunctionException>(() => CallWith(context, "local.vardir", S("../escape")));
        Assert.Throws<FunctionException>(() => CallWith(context, "local.vardir", S("")));
    }
}
