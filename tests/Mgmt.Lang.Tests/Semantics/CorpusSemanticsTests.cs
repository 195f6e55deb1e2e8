using System.Text;
using System.Text.RegularExpressions;
using Mgmt.Conformance;
using Mgmt.Lang.Core;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Tests.Syntax;
using Mgmt.Resources;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>
/// Runs <see cref="Compiler.Check"/> over every conformance archive. Cases expecting a setscope or unify error
/// must fail in that phase (and should at the expected position); cases expecting a later phase or a graph must
/// pass phases 1-5. Cases that fail only because a library function or resource kind is not built yet are
/// counted apart, since they say nothing about scoping or typing.
/// </summary>
public sealed partial class CorpusSemanticsTests(ITestOutputHelper output)
{
    [Fact]
    public void Corpus_cases_pass_or_fail_in_the_semantic_phases_as_expected()
    {
        var dir = CorpusCase.FindCasesDirectory();
        if (dir is null) Assert.Skip("conformance cases not found: set MCL_CONFORMANCE_DIR or check out ../shared/mcl-conformance/cases");

        int errors = 0, phaseOk = 0, positionOk = 0, others = 0, othersOk = 0, blocked = 0;
        var report = new StringBuilder();
        foreach (var suite in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        {
            foreach (var path in Directory.GetFiles(suite, "*.txtar").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(suite) + "/" + Path.GetFileNameWithoutExtension(path);
                var archive = Txtar.Read(path);
                if (archive.Find("OUTPUT")?.Text is not { } expected) continue;
                var category = expected.StartsWith("# err: ", StringComparison.Ordinal) ? expected["# err: ".Length..].Split(':')[0] : null;
                if (category is "errLexParse" or "errInit" or "errInterpolate") continue; // the syntax stages' own tests cover these

                var error = Compile(archive);
                var phase = category switch { "errSetScope" => Phase.SetScope, "errUnify" => Phase.Unify, _ => (Phase?)null };
                if (error is not null && error.Phase != phase && error.Phase <= Phase.Unify && IsMissingLibraryPiece(error))
                {
                    blocked++;
                    report.AppendLine($"BLOCKED {name}: {error}");
                    continue;
                }
                if (phase is null)
                {
                    others++;
                    if (error is null || error.Phase > Phase.Unify) othersOk++;
                    else report.AppendLine($"FAIL    {name} ({category ?? "graph"}): {error}");
                    continue;
                }
                errors++;
                if (error?.Phase != phase)
                {
                    report.AppendLine($"PHASE   {name}: expected {phase}, got {(error is null ? "no error" : error.ToString())}");
                    continue;
                }
                phaseOk++;
                var expectedPositions = expected.Split('\n').Select(l => Byline().Matches(l)).Where(m => m.Count > 0).Select(m => m[^1].Value).ToHashSet();
                var actual = Byline().Matches(error.ToString()) is { Count: > 0 } found ? found[^1].Value : "";
                if (expectedPositions.Contains(actual)) positionOk++;
                else report.AppendLine($"POS     {name}: expected {string.Join(" | ", expectedPositions)}, got {error}");
            }
        }
        var summary = $"setscope/unify error cases: {errors}, right phase {phaseOk}, right position {positionOk}; " +
                      $"other cases: {others}, passing phases 1-5: {othersOk}; blocked by missing library pieces: {blocked}";
        output.WriteLine(report.ToString());
        output.WriteLine(summary);
        Assert.True(errors > 0 && others > 0, summary);
        Assert.True(phaseOk >= 0.95 * errors, summary);
        Assert.True(positionOk >= 0.85 * errors, summary);
        Assert.True(othersOk >= 0.95 * others, summary);
    }

    private static LangException? Compile(TxtarArchive archive)
    {
        var files = new MemorySourceFiles();
        foreach (var member in archive.Files)
        {
            if (member.Name is not ("OUTPUT" or "CONFIG")) files.Add("/" + member.Name, member.Data);
        }
        try
        {
            Compiler.Check(new CompileInput(files, "/", CoreLibrary.Create(), ResourceKinds.CreateRegistry()));
            return null;
        }
        catch (LangException e)
        {
            return e;
        }
    }

    /// <summary>An error caused by a function, package or resource kind that other parts of the project still have to provide.</summary>
    private static bool IsMissingLibraryPiece(LangException e) =>
        (e.Phase == Phase.SetScope && (e.Message.Contains("has no function named", StringComparison.Ordinal) ||
                                       e.Message.Contains("no core package named", StringComparison.Ordinal))) ||
        (e.Phase == Phase.Unify && e.Message.StartsWith("there is no resource kind", StringComparison.Ordinal));

    [GeneratedRegex(@"/[^\s:,@]* @ \d+:\d+-\d+:\d+")]
    private static partial Regex Byline();
}
