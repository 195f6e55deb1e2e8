using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Semantics;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>
/// Compiles small programs held in memory: <c>/main.mcl</c> plus any other files, with the standard library and
/// the two resource kinds of <see cref="ProbeResource"/> and <see cref="SinkResource"/>.
/// </summary>
internal static class SemanticsHarness
{
    public static readonly ResourceRegistry Kinds = new ResourceRegistry().Register<ProbeResource>().Register<SinkResource>();

    public static MemorySourceFiles Tree(string main, params (string Path, string Text)[] others)
    {
        var files = new MemorySourceFiles();
        files.Add("/main.mcl", main);
        foreach (var (path, text) in others) files.Add(path, text);
        return files;
    }

    public static CheckedProgram Check(string main, params (string Path, string Text)[] others) =>
        Check(Tree(main, others));

    public static CheckedProgram Check(ISourceFiles files, string entry = "/", string? modulePath = null, FunctionRegistry? functions = null) =>
        Compiler.Check(new CompileInput(files, entry, functions ?? CoreLibrary.Create(), Kinds) { ModulePath = modulePath });

    /// <summary>Compiles and expects a failure in <paramref name="phase"/>.</summary>
    public static LangException Fails(Phase phase, string main, params (string Path, string Text)[] others) =>
        Fails(phase, Tree(main, others));

    public static LangException Fails(Phase phase, ISourceFiles files, string? modulePath = null, FunctionRegistry? functions = null)
    {
        var e = Assert.Throws<LangException>(() => Check(files, "/", modulePath, functions));
        Assert.True(e.Phase == phase, $"expected a {phase} error, got {e.Phase}: {e}");
        return e;
    }

    /// <summary>The <c>L:C-L:C</c> of every span of an error, in order.</summary>
    public static string[] Positions(LangException e) =>
        [.. e.Spans.Select(s => $"{s.File}:{s.StartLine}:{s.StartColumn}-{s.EndLine}:{s.EndColumn}")];

    /// <summary>The first node of type <typeparamref name="T"/> (in source order) satisfying <paramref name="match"/>.</summary>
    public static T Find<T>(Node root, Func<T, bool>? match = null) where T : Node =>
        AstWalker.DescendantsOfType<T>(root).First(n => match?.Invoke(n) ?? true);

    /// <summary>The bind statement named <paramref name="name"/> among the top-level statements.</summary>
    public static BindStmt Bind(CheckedProgram p, string name) =>
        p.Main.Statements.OfType<BindStmt>().Single(b => b.Name == name);

    /// <summary>The type of the value of top-level bind <paramref name="name"/>.</summary>
    public static string TypeOfBind(CheckedProgram p, string name) => p.TypeOf(Bind(p, name).Value).ToString();

    /// <summary>The value of a resource parameter named <paramref name="field"/> in the first resource having it.</summary>
    public static Expr Field(Node root, string field) => Find<ResourceFieldEntry>(root, f => f.Field == field).Value;
}

/// <summary>A resource kind for tests: parameters of several types; sends <c>out</c> (str) and <c>number</c> (int).</summary>
[ResourceKind("probe")]
[Sends("out", "str")]
[Sends("number", "int")]
public sealed class ProbeResource : Resource, ISendable, IReceivable
{
    [Param("text")] public string Text { get; set; } = "";
    [Param("count")] public long Count { get; set; }
    [Param("ratio")] public double Ratio { get; set; }
    [Param("flag")] public bool Flag { get; set; }
    [Param("tags")] public IReadOnlyList<string>? Tags { get; set; }
    [Param("weights")] public IReadOnlyDictionary<string, long>? Weights { get; set; }
    [Param("anything", Type = "variant")] public Value? Anything { get; set; }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) => Task.FromResult(true);
}

/// <summary>A resource kind for tests that neither sends nor receives.</summary>
[ResourceKind("sink")]
public sealed class SinkResource : Resource
{
    [Param("msg")] public string Msg { get; set; } = "";

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel) => Task.FromResult(true);
}
