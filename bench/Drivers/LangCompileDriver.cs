using System.Diagnostics;
using Mgmt.Lang;
using Mgmt.Lang.Core;
using Mgmt.Lang.Files;
using Mgmt.Lang.Runtime;
using Mgmt.Lang.Syntax;
using Mgmt.Resources;

namespace Mgmt.Bench;

/// <summary>
/// B6: for each size, times the front of the compiler on a generated program through the library API: parse
/// (lex, parse, init, interpolate), check (everything up to unification, parse included) and building the
/// function graph (<see cref="ProgramRuntime.Create"/>), and then the first resource graph. The first repetition
/// in a process pays for the JIT and is printed as `cold`; the median of the others is `warm`.
/// </summary>
internal static class LangCompileDriver
{
    public static int Run(Options options)
    {
        var sizes = options.Ints("sizes", [1000, 2500, 5000, 10000]);
        var reps = Math.Max(2, options.Int("reps", 5));
        var state = Directory.CreateTempSubdirectory("mgmt-bench-lang-");
        try
        {
            foreach (var size in sizes)
            {
                var text = LangProgramGenerator.Generate(size);
                var lines = text.Count(c => c == '\n');
                var runs = new List<Timings>();
                for (var r = 0; r < reps; r++) runs.Add(MeasureOnce(text, state.FullName));
                Print($"size{size}_cold", lines, runs[0]);
                var warm = runs.Skip(1).ToList();
                Print($"size{size}_warm", lines, new Timings(
                    Median(warm.Select(w => w.Parse)), Median(warm.Select(w => w.Check)),
                    Median(warm.Select(w => w.Graph)), Median(warm.Select(w => w.FirstGraph)), warm[0].Nodes, warm[0].Resources)
                {
                    Cpu = Median(warm.Select(w => w.Cpu)),
                });
            }
        }
        finally
        {
            state.Delete(recursive: true);
        }
        return 0;
    }

    private sealed record Timings(double Parse, double Check, double Graph, double FirstGraph, int Nodes, int Resources)
    {
        /// <summary>
        /// CPU time of the whole process (every thread, the GC's included) during check + graph: on a machine
        /// shared with other work this moves much less than the wall time.
        /// </summary>
        public double Cpu { get; init; }

        /// <summary>What the target is about: check (parse included) plus the function graph.</summary>
        public double Total => Check + Graph;
    }

    private static Timings MeasureOnce(string text, string stateDirectory)
    {
        var start = Stopwatch.GetTimestamp();
        SyntaxPipeline.Prepare("/main.mcl", text);
        var parse = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        var files = new MemorySourceFiles();
        files.Add("/main.mcl", text);
        var registry = ResourceKinds.CreateRegistry();
        var functions = CoreLibrary.Create();
        var cpu = CpuNow();
        start = Stopwatch.GetTimestamp();
        var program = Compiler.Check(new CompileInput(files, "/main.mcl", functions, registry));
        var check = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        var runtime = ProgramRuntime.Create(program, new RuntimeOptions { Resources = registry, StateDirectory = stateDirectory });
        var graph = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var cpuUsed = (CpuNow() - cpu).TotalMilliseconds;

        var nodes = runtime.FunctionNodeCount;
        start = Stopwatch.GetTimestamp();
        var resources = FirstGraphAsync(runtime).GetAwaiter().GetResult();
        var first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return new Timings(parse, check, graph, first, nodes, resources) { Cpu = cpuUsed };
    }

    // The driver's own main thread waits here; nothing else runs on it.
    private static async Task<int> FirstGraphAsync(ProgramRuntime runtime)
    {
        await using (runtime)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await foreach (var graph in runtime.RunAsync(cancel.Token))
            {
                return graph.VertexCount;
            }
        }
        throw new BenchFailure("the generated program produced no resource graph");
    }

    private static void Print(string prefix, int lines, Timings t)
    {
        Console.WriteLine($"{prefix}_lines={lines}");
        Console.WriteLine($"{prefix}_parse_ms={Samples.Format(t.Parse)}");
        Console.WriteLine($"{prefix}_check_ms={Samples.Format(t.Check)}");
        Console.WriteLine($"{prefix}_graph_ms={Samples.Format(t.Graph)}");
        Console.WriteLine($"{prefix}_total_ms={Samples.Format(t.Total)}");
        Console.WriteLine($"{prefix}_cpu_ms={Samples.Format(t.Cpu)}");
        Console.WriteLine($"{prefix}_first_graph_ms={Samples.Format(t.FirstGraph)}");
        Console.WriteLine($"{prefix}_nodes={t.Nodes}");
        Console.WriteLine($"{prefix}_resources={t.Resources}");
    }

    private static TimeSpan CpuNow()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
