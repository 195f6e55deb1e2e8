using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core;

/// <summary>
/// The standard library of mcl: every built-in package, its functions, its constant variables, and the
/// <c>$const.res.*</c> globals, registered in one <see cref="FunctionRegistry"/>.
/// </summary>
public static class CoreLibrary
{
    /// <summary>
    /// Builds a fresh registry holding the whole standard library. Each call gives independent function objects
    /// (functions that may only be instantiated once, such as <c>test.one_instance_a</c>, count per registry).
    /// </summary>
    public static FunctionRegistry Create()
    {
        var registry = new FunctionRegistry();
        Builtins.BuiltinsPackage.Register(registry);
        ConstFunctions.ConstGlobals.Register(registry);
        ConvertFunctions.ConvertPackage.Register(registry);
        DatetimeFunctions.DatetimePackage.Register(registry);
        DeployFunctions.DeployPackage.Register(registry);
        EncodingFunctions.EncodingPackage.Register(registry);
        ExampleFunctions.ExamplePackage.Register(registry);
        FmtFunctions.FmtPackage.Register(registry);
        IterFunctions.IterPackage.Register(registry);
        IterFunctions.HigherOrderIterators.Register(registry);
        HistoryFunctions.HistoryFunction.Register(registry);
        ListFunctions.ListPackage.Register(registry);
        LocalFunctions.LocalPackage.Register(registry);
        MapFunctions.MapPackage.Register(registry);
        MathFunctions.MathPackage.Register(registry);
        NetFunctions.NetPackage.Register(registry);
        OsFunctions.OsPackage.Register(registry);
        RegexpFunctions.RegexpPackage.Register(registry);
        StringsFunctions.StringsPackage.Register(registry);
        SysFunctions.SysPackage.Register(registry);
        SysFunctions.FwupdRebootNeededFunction.Register(registry);
        TestFunctions.TestPackage.Register(registry);
        UtilFunctions.UtilPackage.Register(registry);
        ValueFunctions.ValuePackage.Register(registry);
        WorldFunctions.WorldPackage.Register(registry);
        // Last: the template function exposes every other simple function inside templates.
        GolangFunctions.GolangPackage.Register(registry);
        return registry;
    }
}
