using Mgmt.Engine.Resources;
using Mgmt.Lang.Functions;

namespace Mgmt.Conformance;

/// <summary>Runs the archives of one or more suites and keeps the outcomes.</summary>
public sealed class ConformanceRun(Func<FunctionRegistry> functions, Func<ResourceRegistry> resources)
{
    /// <summary>The environment variable that names the archive folder.</summary>
    public const string DirectoryVariable = "MCL_CONFORMANCE_DIR";

    public List<Outcome> Outcomes { get; } = [];

    /// <summary>
    /// The archive folder: the one given, else $MCL_CONFORMANCE_DIR, else ../shared/mcl-conformance/cases found by
    /// walking up from the current directory. Null when none exists.
    /// </summary>
    public static string? FindCasesDirectory(string? given = null)
    {
        if (given is not null) return Directory.Exists(given) ? Path.GetFullPath(given) : null;
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } env) return Directory.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Join(dir.FullName, "shared", "mcl-conformance", "cases");
            if (Directory.Exists(candidate)) return candidate;
            candidate = Path.Join(dir.FullName, "..", "shared", "mcl-conformance", "cases");
            if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    public async Task RunSuiteAsync(string casesDirectory, Suite suite, string? filter, Action<Outcome>? onOutcome)
    {
        var dir = Path.Join(casesDirectory, "TestAstFunc" + (int)suite);
        if (!Directory.Exists(dir)) return;
        var runner = new CaseRunner(suite, functions, resources);
        var files = Directory.GetFiles(dir, "*.txtar").Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (filter is not null && !Path.GetFileName(file).Contains(filter, StringComparison.Ordinal)) continue;
            var outcome = await runner.RunAsync(file);
            Outcomes.Add(outcome);
            onOutcome?.Invoke(outcome);
        }
    }

    /// <summary>Per suite: graph cases exact (or phases 1-6 for Func1), error cases by tier.</summary>
    public IEnumerable<string> Summary()
    {
        foreach (var group in Outcomes.GroupBy(o => o.Suite))
        {
            var graphs = group.Where(o => !o.IsErrorCase && !o.Skipped).ToList();
            var errors = group.Where(o => o.IsErrorCase && !o.Skipped).ToList();
            var graphLine = group.Key == "TestAstFunc1"
                ? $"graph cases: phases 1-6 {Percent(graphs.Count(o => o.Phase), graphs.Count)}, exact {Percent(graphs.Count(o => o.Exact), graphs.Count)}"
                : $"graph cases: exact {Percent(graphs.Count(o => o.Exact), graphs.Count)}";
            yield return $"{group.Key}: {graphLine}; error cases: phase {Percent(errors.Count(o => o.Phase), errors.Count)}, " +
                         $"position {Percent(errors.Count(o => o.Position), errors.Count)}, exact {Percent(errors.Count(o => o.Exact), errors.Count)}";
        }
        var all = Outcomes.Where(o => o.IsErrorCase && !o.Skipped).ToList();
        yield return $"all error cases: phase {Percent(all.Count(o => o.Phase), all.Count)}, position {Percent(all.Count(o => o.Position), all.Count)}";
    }

    public string Totals() =>
        $"{Outcomes.Count(o => o.Passed)} passed, {Outcomes.Count(o => !o.Passed && !o.Skipped)} failed, {Outcomes.Count(o => o.Skipped)} skipped";

    public static double Ratio(int n, int of) => of == 0 ? 1 : (double)n / of;

    private static string Percent(int n, int of) => of == 0 ? "n/a" : $"{n}/{of} ({100.0 * n / of:0.0}%)";
}
