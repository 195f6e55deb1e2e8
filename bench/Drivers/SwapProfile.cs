using System.Diagnostics;
using System.Globalization;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;
using Mgmt.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Bench;

/// <summary>
/// Where one graph swap's time goes: B13's graph (a directory, --files files in it, and one more file whose content
/// changes) runs on a real engine in this process, and each sample commits a new graph with only that one content
/// changed. With --reuse 1 the new graph holds the very same resource objects for the unchanged files (what a front
/// end that recognises unchanged items hands over); with --reuse 0 every resource is a new object (a front end that
/// rebuilds everything). With --derive 1 each new graph is derived from the last one (ResourceGraph.Derive) with the
/// changed file's resource replaced, so the engine plans the swap from the change record alone; the derive is part of
/// the commit time. Prints the commit time, the time until the file holds the new content, and the engine's
/// own stage timings (its debug log), each as p50/p90.
/// </summary>
internal static class SwapProfile
{
    public static async Task<int> RunAsync(Options options)
    {
        var dir = Path.GetFullPath(options.Text("dir"));
        var count = options.Int("files", 10_000);
        var samples = Math.Max(1, options.Int("samples", 50));
        var reuse = options.Int("reuse", 1) != 0;
        var derive = options.Int("derive", 0) != 0;
        var files = Path.Combine(dir, "files");
        var changedPath = Path.Combine(dir, "changed");
        Directory.CreateDirectory(files);

        var stages = new StageRecorder();
        using var hub = new InotifyHub();
        await using var engine = new Engine.Runtime.Engine(new EngineOptions
        {
            Hostname = Environment.MachineName,
            StateDirectory = Path.Combine(dir, "state"),
            Registry = ResourceKinds.CreateRegistry(),
            Services = new SwapServices(hub, new StaleTemporaryFiles()),
            Loggers = stages,
        });

        var fixedOnes = new FileResource[count + 1];
        FileResource[] Fixed()
        {
            if (!reuse || fixedOnes[0] is null)
            {
                fixedOnes[0] = new FileResource { Name = files + "/", State = "exists" };
                for (var i = 1; i <= count; i++) fixedOnes[i] = new FileResource { Name = $"{files}/f{i:D6}", State = "exists", Content = "hello\n" };
            }
            return fixedOnes;
        }
        ResourceGraph Build(string content)
        {
            var graph = new ResourceGraph { Name = "swap-profile" };
            foreach (var r in Fixed()) graph.AddVertex(r);
            graph.AddVertex(new FileResource { Name = changedPath, State = "exists", Content = content });
            return graph;
        }

        var last = Build("start\n");
        var lastChanged = last.Vertices[^1];
        await engine.CommitAsync(last);
        // The derived graph: the last one with only the changed file's resource replaced.
        ResourceGraph Derive(string content)
        {
            var graph = last.Derive();
            graph.RemoveVertex(lastChanged);
            graph.AddVertex(lastChanged = new FileResource { Name = changedPath, State = "exists", Content = content });
            return last = graph;
        }
        await WaitForAsync(changedPath, "start\n");
        // A few swaps first: the first incremental one builds the engine's automatic-edge index, once per graph.
        for (var i = 0; i < 3; i++)
        {
            var warm = $"warm-up {i}\n";
            await engine.CommitAsync(derive ? Derive(warm) : Build(warm));
            await WaitForAsync(changedPath, warm);
        }
        var commits = new Samples();
        var applied = new Samples();
        stages.Clear();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < samples; i++)
        {
            var wanted = $"sample {i}\n";
            var start = Stopwatch.GetTimestamp();
            var graph = derive ? Derive(wanted) : Build(wanted);
            await engine.CommitAsync(graph);
            commits.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            await WaitForAsync(changedPath, wanted);
            applied.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / samples;
        var allocatedKb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / samples;
        Console.WriteLine($"resources={count + 2}");
        Console.WriteLine($"reuse={(reuse ? 1 : 0)}");
        Console.WriteLine($"derive={(derive ? 1 : 0)} swaps_from_record={stages.FromRecord}");
        Console.WriteLine($"cpu_per_swap_ms={Samples.Format(cpuMs)}");
        Console.WriteLine($"allocated_per_swap_kb={Samples.Format(allocatedKb)}");
        // Live heap after the warm-up and after the samples: a swap that leaks grows it.
        Console.WriteLine($"heap_mb={Samples.Format(heapBefore / 1048576.0)} heap_after_mb={Samples.Format(GC.GetTotalMemory(forceFullCollection: true) / 1048576.0)}");
        commits.Print("commit");
        applied.Print("applied");
        stages.Print();
        return 0;
    }

    // The file resource writes atomically, so polling sees either the old or the new content.
    private static async Task WaitForAsync(string path, string content)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (File.ReadAllText(path) == content) return;
            }
            catch (IOException)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new BenchFailure($"{path} did not get its content within 60 s");
            await Task.Delay(1);
        }
    }

    private sealed class SwapServices(InotifyHub hub, StaleTemporaryFiles leftovers) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(InotifyHub) ? hub : serviceType == typeof(StaleTemporaryFiles) ? leftovers : null;
    }

    /// <summary>Collects the engine's "graph swap: STAGE took N ms" debug lines, by stage.</summary>
    private sealed class StageRecorder : ILoggerFactory, ILoggerProvider, ILogger
    {
        private readonly Dictionary<string, Samples> _byStage = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        /// <summary>How many swaps the engine planned from the graph's change record.</summary>
        public int FromRecord { get; private set; }

        public void Clear()
        {
            lock (_lock) _byStage.Clear();
        }

        public void Print()
        {
            lock (_lock)
            {
                foreach (var (stage, samples) in _byStage.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine($"stage_{stage}_p50_ms={Samples.Format(samples.Median)} stage_{stage}_p90_ms={Samples.Format(samples.Percentile(90))}");
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != 1001 || state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
            string? stage = null;
            double? ms = null;
            foreach (var (key, value) in values)
            {
                if (key == "Stage") stage = value as string;
                else if (key == "Milliseconds") ms = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            }
            if (stage is null || ms is null) return;
            lock (_lock)
            {
                if (stage == "prepare" && values.Any(kv => kv.Key == "Detail" && kv.Value is string d && d.StartsWith("from the change record", StringComparison.Ordinal))) FromRecord++;
                if (!_byStage.TryGetValue(stage, out var samples)) _byStage[stage] = samples = new Samples();
                samples.Add(ms.Value);
            }
        }

        public void Dispose()
        {
        }
    }
}
