using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Mgmt.Engine.Graph;
using Mgmt.Engine.Runtime;
using Mgmt.Platform.Files;
using Mgmt.Platform.Watching;
using Mgmt.Resources;

namespace Mgmt.Bench;

/// <summary>
/// The swap soak: a graph of --files file resources runs on a real engine in this process and receives
/// --swaps-per-minute new graphs for --minutes, each changing the content of --changes files, while another task
/// makes the files drift (--drift-per-second deletions or overwrites). It checks that no swap is lost (5 s after
/// each swap the files it changed hold its content, unless a later swap changed them again) and that every drift is
/// repaired, and samples the process's RSS and the managed heap. Prints `key=value` lines for bench/swap-soak.
/// With --reuse 1 (the default) each new graph holds the very same resource objects for the files it does not
/// change, as the front ends hand over unchanged items; --reuse 0 builds every resource anew (each is then compared
/// parameter by parameter with the running one).
/// </summary>
internal static class SwapSoak
{
    private static readonly TimeSpan CheckAfter = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(Options options)
    {
        var dir = Path.GetFullPath(options.Text("dir"));
        var count = options.Int("files", 10_000);
        var minutes = Math.Max(1, options.Int("minutes", 10));
        var perMinute = Math.Max(1, options.Int("swaps-per-minute", 1000));
        var changes = Math.Clamp(options.Int("changes", 10), 1, count);
        var driftPerSecond = options.Int("drift-per-second", 20);
        var sampleEvery = TimeSpan.FromSeconds(Math.Max(1, options.Int("sample-seconds", 30)));
        var reuse = options.Int("reuse", 1) != 0;
        var files = Path.Combine(dir, "files");
        Directory.CreateDirectory(files);

        var soak = new Soak(files, count, reuse);
        using var hub = new InotifyHub();
        await using var engine = new Engine.Runtime.Engine(new EngineOptions
        {
            Hostname = Environment.MachineName,
            StateDirectory = Path.Combine(dir, "state"),
            Registry = ResourceKinds.CreateRegistry(),
            Services = new Services(hub, new StaleTemporaryFiles()),
        });

        var clock = Stopwatch.StartNew();
        await engine.CommitAsync(soak.Build(), CancellationToken.None);
        await soak.WaitAllRightAsync(TimeSpan.FromMinutes(5));
        Console.WriteLine($"first_apply_s={clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}");

        using var stop = new CancellationTokenSource();
        var done = new StrongBox<int>(); // swaps committed so far, for the memory samples
        var memory = Task.Run(() => SampleMemoryAsync(sampleEvery, done, stop.Token));
        var drift = Task.Run(() => soak.DriftAsync(driftPerSecond, stop.Token));
        var checker = Task.Run(() => soak.CheckSwapsAsync(stop.Token));

        var commits = new Samples();
        var interval = TimeSpan.FromMinutes(1) / perMinute;
        var duration = TimeSpan.FromMinutes(minutes);
        var start = Stopwatch.StartNew();
        // On schedule when the machine allows it; a swap that is late goes at once, and the soak ends on time, so a
        // machine too busy for the rate shows as fewer swaps a minute, not as a longer soak.
        var total = 0;
        while (true)
        {
            var due = interval * total;
            if (start.Elapsed < due) await Task.Delay(due - start.Elapsed);
            if (start.Elapsed >= duration) break;
            var swap = ++total;
            var changed = soak.Change(swap, changes);
            var graph = soak.Build();
            var t = Stopwatch.GetTimestamp();
            await engine.CommitAsync(graph, CancellationToken.None);
            commits.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            soak.Committed(swap, changed);
            Volatile.Write(ref done.Value, swap);
        }
        var elapsed = start.Elapsed;
        await Task.Delay(CheckAfter + TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(drift, checker, memory);
        await soak.WaitAllRightAsync(TimeSpan.FromSeconds(30));

        Console.WriteLine($"reuse={(reuse ? 1 : 0)}");
        Console.WriteLine($"swaps_planned={minutes * perMinute}");
        Console.WriteLine($"swaps={total}");
        Console.WriteLine($"swaps_per_minute={(total / elapsed.TotalMinutes).ToString("0", CultureInfo.InvariantCulture)}");
        commits.Print("commit");
        Console.WriteLine($"swaps_checked={soak.SwapsChecked}");
        Console.WriteLine($"lost_swaps={soak.LostSwaps}");
        Console.WriteLine($"drifts={soak.Drifts}");
        Console.WriteLine($"drifts_unrepaired={soak.UnrepairedDrifts}");
        Console.WriteLine($"wrong_files_at_end={soak.WrongFiles()}");
        var failed = engine.Status().Count(s => s.State is VertexState.Failed or VertexState.Blocked);
        Console.WriteLine($"failed_resources={failed}");
        return soak.LostSwaps == 0 && soak.UnrepairedDrifts == 0 && soak.WrongFiles() == 0 && failed == 0 ? 0 : 1;
    }

    private static async Task SampleMemoryAsync(TimeSpan every, StrongBox<int> done, CancellationToken stop)
    {
        var start = Stopwatch.StartNew();
        while (true)
        {
            // The heap after a full collection: what the engine really holds, without the collector's slack.
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var minute = (start.Elapsed.TotalMinutes).ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"sample minute={minute} rss_kb={RssKb()} heap_kb={heap / 1024} swaps={Volatile.Read(ref done.Value)}");
            try
            {
                await Task.Delay(every, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static long RssKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        return 0;
    }

    private sealed class Services(InotifyHub hub, StaleTemporaryFiles leftovers) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(InotifyHub) ? hub : serviceType == typeof(StaleTemporaryFiles) ? leftovers : null;
    }

    /// <summary>The files, the generation of content each should hold, and the checks of swaps and drifts.</summary>
    private sealed class Soak(string directory, int count, bool reuse)
    {
        private readonly int[] _generation = new int[count];
        private readonly FileResource?[] _objects = new FileResource?[count];
        private readonly int[] _objectGeneration = new int[count];
        private readonly ConcurrentQueue<(TimeSpan Due, int Swap, int[] Files)> _pending = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _swapsChecked;
        private int _lost;
        private int _drifts;
        private int _unrepaired;

        public int SwapsChecked => Volatile.Read(ref _swapsChecked);

        public int LostSwaps => Volatile.Read(ref _lost);

        public int Drifts => Volatile.Read(ref _drifts);

        public int UnrepairedDrifts => Volatile.Read(ref _unrepaired);

        private string PathOf(int i) => Path.Combine(directory, $"f{i}");

        private string Expected(int i) => $"file {i}, generation {Volatile.Read(ref _generation[i])}\n";

        public ResourceGraph Build()
        {
            var graph = new ResourceGraph { Name = "swap-soak" };
            for (var i = 0; i < count; i++)
            {
                var generation = Volatile.Read(ref _generation[i]);
                if (!reuse || _objects[i] is null || _objectGeneration[i] != generation)
                {
                    _objects[i] = new FileResource { Name = PathOf(i), State = "exists", Content = Expected(i) };
                    _objectGeneration[i] = generation;
                }
                graph.AddVertex(_objects[i]!);
            }
            return graph;
        }

        /// <summary>The files swap number <paramref name="swap"/> changes: the next ones in turn, so each changes again only after count/changes swaps.</summary>
        public int[] Change(int swap, int changes)
        {
            var changed = new int[changes];
            for (var k = 0; k < changes; k++)
            {
                changed[k] = (int)(((long)swap * changes + k) % count);
                Volatile.Write(ref _generation[changed[k]], swap);
            }
            return changed;
        }

        public void Committed(int swap, int[] files) => _pending.Enqueue((_clock.Elapsed + CheckAfter, swap, files));

        public async Task CheckSwapsAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested || !_pending.IsEmpty)
            {
                if (!_pending.TryPeek(out var next) || next.Due > _clock.Elapsed)
                {
                    if (stop.IsCancellationRequested) break;
                    await Task.Delay(50, CancellationToken.None);
                    continue;
                }
                _pending.TryDequeue(out _);
                Interlocked.Increment(ref _swapsChecked);
                // A file changed again by a later swap is that swap's to check; a drift may be under repair: ask again.
                if (!await AllRightAsync(next.Files.Where(f => Volatile.Read(ref _generation[f]) == next.Swap).ToArray()))
                {
                    Interlocked.Increment(ref _lost);
                    Console.Error.WriteLine($"mgmt-bench: swap {next.Swap} was not applied within {CheckAfter.TotalSeconds} s");
                }
            }
        }

        public async Task DriftAsync(int perSecond, CancellationToken stop)
        {
            if (perSecond == 0) return;
            var random = new Random(7);
            var checks = new List<Task>();
            var interval = TimeSpan.FromSeconds(1.0 / perSecond);
            while (!stop.IsCancellationRequested)
            {
                var i = random.Next(count);
                var path = PathOf(i);
                try
                {
                    if (random.Next(2) == 0) File.Delete(path);
                    else File.WriteAllText(path, "drifted\n");
                }
                catch (IOException)
                {
                    // The engine was replacing it at that moment: that drift did not happen.
                    continue;
                }
                Interlocked.Increment(ref _drifts);
                checks.Add(CheckDriftAsync(i));
                try
                {
                    await Task.Delay(interval, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            await Task.WhenAll(checks);
        }

        private async Task CheckDriftAsync(int i)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (!await AllRightAsync([i]))
            {
                Interlocked.Increment(ref _unrepaired);
                Console.Error.WriteLine($"mgmt-bench: the drift of {PathOf(i)} was not repaired");
            }
        }

        private async Task<bool> AllRightAsync(int[] files)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                if (files.All(IsRight)) return true;
                await Task.Delay(1000);
            }
            return false;
        }

        private bool IsRight(int i)
        {
            try
            {
                return File.ReadAllText(PathOf(i)) == Expected(i);
            }
            catch (IOException)
            {
                return false;
            }
        }

        public int WrongFiles() => Enumerable.Range(0, count).Count(i => !IsRight(i));

        public async Task WaitAllRightAsync(TimeSpan limit)
        {
            var deadline = Stopwatch.StartNew();
            while (WrongFiles() > 0 && deadline.Elapsed < limit) await Task.Delay(500);
        }
    }
}
