using Mgmt.Conformance;
using Mgmt.Lang.Core;
using Mgmt.Resources;

namespace Mgmt.Lang.Tests.Conformance;

/// <summary>
/// Runs the reference's public language archives (read from ../shared/mcl-conformance/cases or
/// $MCL_CONFORMANCE_DIR, never copied here) and holds us to the project's targets. The per-case lines go to the
/// test output so a failure shows which cases regressed.
/// </summary>
public sealed class ConformanceSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PublicArchivesMeetTheTargets()
    {
        var cases = ConformanceRun.FindCasesDirectory();
        if (cases is null)
        {
            Assert.Skip($"the mcl conformance archives are absent: set ${ConformanceRun.DirectoryVariable} or provide ../shared/mcl-conformance/cases");
        }

        var run = new ConformanceRun(CoreLibrary.Create, ResourceKinds.CreateRegistry);
        foreach (var suite in new[] { Suite.Func1, Suite.Func2, Suite.Func3 })
        {
            await run.RunSuiteAsync(cases, suite, null, o =>
            {
                if (!o.Passed && !o.Skipped) output.WriteLine($"FAIL {o.Suite}/{o.Name} [{o.Tiers}] {o.Detail}");
            });
        }
        foreach (var line in run.Summary()) output.WriteLine(line);
        output.WriteLine(run.Totals());

        var o = run.Outcomes.Where(x => !x.Skipped).ToList();
        var func1Graphs = o.Where(x => x.Suite == "TestAstFunc1" && !x.IsErrorCase).ToList();
        var func2Graphs = o.Where(x => x.Suite == "TestAstFunc2" && !x.IsErrorCase).ToList();
        var func3Graphs = o.Where(x => x.Suite == "TestAstFunc3" && !x.IsErrorCase).ToList();
        var errors = o.Where(x => x.IsErrorCase).ToList();

        Assert.True(ConformanceRun.Ratio(func1Graphs.Count(x => x.Phase), func1Graphs.Count) >= 0.95, "TestAstFunc1 graph cases must pass phases 1-6 (95%)");
        Assert.True(ConformanceRun.Ratio(func2Graphs.Count(x => x.Exact), func2Graphs.Count) >= 0.95, "TestAstFunc2 graph cases must match exactly (95%)");
        Assert.True(ConformanceRun.Ratio(func3Graphs.Count(x => x.Exact), func3Graphs.Count) >= 0.90, "TestAstFunc3 graph cases must match exactly (90%)");
        Assert.True(ConformanceRun.Ratio(errors.Count(x => x.Phase), errors.Count) >= 0.95, "error cases must fail in the right phase (95%)");
        Assert.True(ConformanceRun.Ratio(errors.Count(x => x.Position), errors.Count) >= 0.85, "error cases must fail at the right position (85%)");
    }
}
