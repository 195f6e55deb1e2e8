using Mgmt.Lang.Core;
using Mgmt.Resources;

namespace Mgmt.Conformance;

/// <summary>
/// <c>dotnet run --project tests/Mgmt.Conformance -- [DIR] [--suite 1|2|3] [--filter TEXT] [--failures]</c>: runs
/// the mcl conformance archives and prints one line per case, the tiers, and the totals.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        string? dir = null;
        string? filter = null;
        var onlyFailures = false;
        var suites = new List<Suite>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--suite" when i + 1 < args.Length && int.TryParse(args[i + 1], out var s) && s is >= 1 and <= 3:
                    suites.Add((Suite)s);
                    i++;
                    break;
                case "--filter" when i + 1 < args.Length:
                    filter = args[++i];
                    break;
                case "--failures":
                    onlyFailures = true;
                    break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Mgmt.Conformance [DIR] [--suite 1|2|3]... [--filter TEXT] [--failures]");
                    Console.WriteLine($"DIR holds TestAstFunc1/, TestAstFunc2/, TestAstFunc3/ (default: ${ConformanceRun.DirectoryVariable}, else ../shared/mcl-conformance/cases).");
                    return 0;
                case var a when a.StartsWith('-'):
                    Console.Error.WriteLine($"unknown option '{a}': try --help");
                    return 2;
                default:
                    dir = args[i];
                    break;
            }
        }
        var cases = ConformanceRun.FindCasesDirectory(dir);
        if (cases is null)
        {
            Console.Error.WriteLine(dir is null
                ? $"no conformance archives found: pass a folder or set ${ConformanceRun.DirectoryVariable}"
                : $"no such folder: {dir}");
            return 2;
        }
        if (suites.Count == 0) suites.AddRange([Suite.Func1, Suite.Func2, Suite.Func3]);

        var run = new ConformanceRun(CoreLibrary.Create, ResourceKinds.CreateRegistry);
        foreach (var suite in suites)
        {
            await run.RunSuiteAsync(cases, suite, filter, o =>
            {
                if (onlyFailures && o.Passed) return;
                var verdict = o.Skipped ? "SKIP" : o.Passed ? "PASS" : "FAIL";
                Console.WriteLine($"{verdict} {o.Suite}/{o.Name} [{o.Tiers}]{(o.Detail.Length > 0 ? " " + o.Detail : "")}");
            });
        }
        foreach (var line in run.Summary()) Console.WriteLine(line);
        Console.WriteLine(run.Totals());
        return 0;
    }
}
