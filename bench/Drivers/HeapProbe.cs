using System.Diagnostics;

namespace Mgmt.Bench;

/// <summary>
/// A faster soak for the reactive path: hosts the B7 program in process, pushes many new inputs one after another
/// (each waits until the output followed) and prints the managed heap after a full collection every --every
/// updates. A heap that keeps growing with the number of updates is memory the reactive path never gives back.
/// </summary>
internal static class HeapProbe
{
    public static async Task<int> RunAsync(Options options)
    {
        var dir = Path.GetFullPath(options.Text("dir"));
        if (options.TextOrNull("clock") is not null) return await ClockAsync(dir, options.Int("clock"), Math.Max(1, options.Int("every", 30)));
        var updates = options.Int("updates", 3000);
        var every = Math.Max(1, options.Int("every", 500));
        Directory.CreateDirectory(Path.Combine(dir, "out"));
        var input = Path.Combine(dir, "input.txt");
        var output = Path.Combine(dir, "out", "output.txt");
        File.WriteAllText(input, "start\n");
        var program = Path.Combine(dir, "main.mcl");
        File.WriteAllText(program, ReactiveProgram.Text(input, output));
        await using var host = LangHost.Start(program, Path.Combine(dir, "state"));
        await WaitAsync(output, "start\n");
        Console.WriteLine($"heap_after_0={HeapNow()}");
        for (var i = 1; i <= updates; i++)
        {
            var text = $"update {i}\n";
            File.WriteAllText(input + ".tmp", text);
            File.Move(input + ".tmp", input, overwrite: true);
            await WaitAsync(output, text);
            if (i % every == 0) Console.WriteLine($"heap_after_{i}={HeapNow()} graphs={host.Graphs}");
        }
        return 0;
    }

    /// <summary>The soak's program (datetime.now into a file, one tick a second) for --clock seconds.</summary>
    private static async Task<int> ClockAsync(string dir, int seconds, int every)
    {
        Directory.CreateDirectory(Path.Combine(dir, "out"));
        var program = Path.Combine(dir, "main.mcl");
        File.WriteAllText(program, $$"""
            import "datetime"
            import "fmt"

            file "{{Path.Combine(dir, "out", "now.txt")}}" {
            	state => "exists",
            	content => fmt.printf("%d\n", datetime.now()),
            }
            """ + "\n");
        await using var host = LangHost.Start(program, Path.Combine(dir, "state"));
        for (var t = 0; t <= seconds; t += every)
        {
            Console.WriteLine($"heap_at_{t}s={HeapNow()} graphs={host.Graphs}");
            await Task.Delay(TimeSpan.FromSeconds(every));
        }
        return 0;
    }

    private static long HeapNow()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task WaitAsync(string path, string content)
    {
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (true)
        {
            try
            {
                if (File.ReadAllText(path) == content) return;
            }
            catch (IOException)
            {
            }
            if (Stopwatch.GetTimestamp() > deadline) throw new BenchFailure($"{path} did not follow the input within 10 s");
            await Task.Delay(1);
        }
    }
}
