using Mgmt.Engine.Values;
using Mgmt.Lang.Core;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Tests.Core.Support;

/// <summary>
/// Runs a built-in the way the compiler and runtime will: infer the call type, unify it with the argument types,
/// refine until stable, resolve, check, create the node, init it, and call it.
/// </summary>
internal static class Harness
{
    public static readonly FunctionRegistry Registry = CoreLibrary.Create();

    public static BuiltinFunction Find(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        var (package, name) = dot < 0 ? ("", qualified) : (qualified[..dot], qualified[(dot + 1)..]);
        return Registry.FindFunction(package, name) ?? throw new Xunit.Sdk.XunitException($"no function {qualified}");
    }

    /// <summary>Types a call whose arguments have the given types; static arguments are those given as values.</summary>
    public static FuncType TypeOf(BuiltinFunction fn, IReadOnlyList<DataType> argTypes, IReadOnlyList<Value?>? statics = null, DataType? result = null)
    {
        var site = new CallSite(argTypes.Count, i => statics is not null && i < statics.Count ? statics[i] : null);
        var solver = new MiniUnifier();
        var type = fn.Infer(site);
        if (type.Parameters.Count != argTypes.Count)
        {
            throw new TypeCheckException($"inferred {type.Parameters.Count} parameters for {argTypes.Count} arguments");
        }
        for (var i = 0; i < argTypes.Count; i++) solver.Unify(type.Parameters[i].Type, argTypes[i]);
        if (result is not null) solver.Unify(type.Result, result);
        var done = false;
        for (var round = 0; round < 5 && !done; round++) done = fn.Refine(type, site, solver);
        if (!done) throw new TypeCheckException("refine never finished");
        var resolved = (FuncType)solver.Resolve(type);
        if (!resolved.IsKnown) throw new TypeCheckException($"ambiguous type {resolved}");
        fn.Check(resolved, site);
        return resolved;
    }

    /// <summary>Calls a pure function with all arguments known at compile time (as literals would be).</summary>
    public static Value Call(string qualified, params Value[] args) => CallWith(new TestFunctionContext(), qualified, args);

    public static Value CallWith(TestFunctionContext context, string qualified, params Value[] args)
    {
        var fn = Find(qualified);
        var type = TypeOf(fn, [.. args.Select(a => a.Type)], args);
        var node = fn.Create(type);
        node.Init(context);
        return ((PureFunctionNode)node).Call(args);
    }

    /// <summary>Calls with an expected result type (for return-type polymorphism such as math.fortytwo).</summary>
    public static Value CallReturning(string qualified, DataType result, params Value[] args)
    {
        var fn = Find(qualified);
        var type = TypeOf(fn, [.. args.Select(a => a.Type)], args, result);
        var node = fn.Create(type);
        node.Init(new TestFunctionContext());
        return ((PureFunctionNode)node).Call(args);
    }

    /// <summary>Creates and starts a stream node; returns the driver and the running task.</summary>
    public static (StreamFunctionNode Node, Task Run) Start(
        string qualified, TestFunctionContext context, TestFunctionStream stream, CancellationToken cancel, params DataType[] argTypes)
    {
        var fn = Find(qualified);
        var type = TypeOf(fn, argTypes);
        var node = (StreamFunctionNode)fn.Create(type);
        node.Init(context);
        return (node, Task.Run(() => node.RunAsync(stream, cancel), CancellationToken.None));
    }

    /// <summary>Cancels a running stream and checks that it ends promptly and cleanly.</summary>
    public static async Task StopAsync(CancellationTokenSource cts, Task run)
    {
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    public static StrValue S(string s) => Value.Str(s);

    public static IntValue I(long i) => Value.Int(i);

    public static FloatValue F(double f) => Value.Float(f);

    public static BoolValue B(bool b) => Value.Bool(b);

    public static ListValue L(DataType element, params Value[] items) => Value.List(element, items);

    public static MapValue M(DataType key, DataType value, params (Value K, Value V)[] entries) =>
        new(DataType.Map(key, value), entries.Select(e => new KeyValuePair<Value, Value>(e.K, e.V)));

    public static StructValue St(params (string Name, Value V)[] fields) =>
        new(new StructType(fields.Select(f => new StructField(f.Name, f.V.Type))), [.. fields.Select(f => f.V)]);
}
