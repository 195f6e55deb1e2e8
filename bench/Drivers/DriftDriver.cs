using System.Diagnostics;

namespace Mgmt.Bench;

/// <summary>
/// B3, drift repair: with an agent already managing every file of a directory, deletes one file at random, many
/// times, and measures from just before the unlink to the inotify event of the file coming back with its content.
/// </summary>
internal static class DriftDriver
{
    private static readonly TimeSpan RepairTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(Options options)
    {
        var dir = Path.GetFullPath(options.Text("dir"));
        var files = options.Int("files");
        var samples = options.Int("samples", 200);
        var random = new Random(options.Int("seed", 1));
        var content = (options.TextOrNull("content") ?? "hello\\n").Replace("\\n", "\n", StringComparison.Ordinal);
        var names = await WaitForAllAsync(dir, files, content, TimeSpan.FromSeconds(options.Int("ready-timeout", 120)));

        using var events = new DirectoryEvents(dir);
        var latencies = new Samples();
        var failures = 0;
        // One unrecorded round first: the driver's own code paths get compiled before anything is timed.
        for (var i = -1; i < samples; i++)
        {
            var name = names[random.Next(names.Length)];
            var path = Path.Combine(dir, name);
            // Let the agent go idle again, so that each sample is one independent repair.
            await Task.Delay(20 + random.Next(10));
            events.Drain();
            var start = Stopwatch.GetTimestamp();
            File.Delete(path);
            try
            {
                var back = await events.WaitForAsync(e => e.Name == name && IsArrival(e.Mask) && HasContent(path, content), RepairTimeout);
                if (i >= 0) latencies.Add(Stopwatch.GetElapsedTime(start, back.Timestamp).TotalMilliseconds);
            }
            catch (TimeoutException)
            {
                failures++;
                Console.Error.WriteLine($"mgmt-bench: {path} was not back within {RepairTimeout.TotalSeconds} s");
                if (failures > 5) throw new BenchFailure("the agent does not repair deleted files; giving up");
            }
        }
        if (latencies.Count == 0) throw new BenchFailure("no deleted file came back");
        latencies.Print("drift");
        Console.WriteLine($"drift_failures={failures}");
        return failures == 0 ? 0 : 1;
    }

    private static bool IsArrival(uint mask) =>
        (mask & (DirectoryEvents.Create | DirectoryEvents.MovedTo | DirectoryEvents.CloseWrite)) != 0;

    private static bool HasContent(string path, string content)
    {
        try
        {
            return File.ReadAllText(path) == content;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until the agent created all <paramref name="count"/> files with their content; returns their names.</summary>
    private static async Task<string[]> WaitForAllAsync(string dir, int count, string content, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (Directory.Exists(dir))
            {
                var names = Directory.EnumerateFiles(dir).Select(Path.GetFileName).OfType<string>()
                    .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
                if (names.Length >= count && names.All(n => HasContent(Path.Combine(dir, n), content))) return names;
            }
            if (Stopwatch.GetTimestamp() > deadline) throw new BenchFailure($"{dir} did not get its {count} files within {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
