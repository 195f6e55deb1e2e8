using System.Diagnostics;

namespace Mgmt.Bench;

/// <summary>
/// B7, the reactive path: a program whose file content is <c>os.readfile</c> of an input file is running. This
/// writes a new input (atomically, as a tick) and measures until the output file holds it, many times.
/// With a template (B13's YAML edit), the input written is the template with <c>@TICK@</c> replaced by the text
/// (without its newline): the input is then the whole graph file, and the output one of its resources.
/// </summary>
internal static class FollowDriver
{
    private static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(5);

    public static Task<int> RunAsync(Options options) =>
        MeasureAsync(Path.GetFullPath(options.Text("input")), Path.GetFullPath(options.Text("output")),
            options.Int("samples", 100), options.TextOrNull("label") ?? "follow", TimeSpan.FromSeconds(options.Int("ready-timeout", 60)),
            options.TextOrNull("template") is { } template ? File.ReadAllText(template) : null);

    public static async Task<int> MeasureAsync(string input, string output, int samples, string label, TimeSpan readyTimeout, string? template = null)
    {
        var outputName = Path.GetFileName(output);
        using var events = new DirectoryEvents(Path.GetDirectoryName(output)!);
        string InputFor(string text) => template?.Replace("@TICK@", text.TrimEnd('\n'), StringComparison.Ordinal) ?? text;
        if (template is not null)
        {
            WriteAtomically(input, InputFor("start\n"));
            await WaitForContentAsync(output, "start\n", readyTimeout);
        }
        else
        {
            await WaitForContentAsync(output, File.ReadAllText(input), readyTimeout);
        }

        var latencies = new Samples();
        var failures = 0;
        var run = Random.Shared.Next(1_000_000);
        // One unrecorded round first: the driver's own code paths get compiled before anything is timed.
        for (var i = -1; i < samples; i++)
        {
            await Task.Delay(20);
            var wanted = $"tick {run} {i + 1}\n";
            events.Drain();
            var start = Stopwatch.GetTimestamp();
            WriteAtomically(input, InputFor(wanted));
            try
            {
                var seen = await events.WaitForAsync(e => e.Name == outputName && HasContent(output, wanted), FollowTimeout);
                if (i >= 0) latencies.Add(Stopwatch.GetElapsedTime(start, seen.Timestamp).TotalMilliseconds);
            }
            catch (TimeoutException)
            {
                failures++;
                Console.Error.WriteLine($"mgmt-bench: {output} did not follow the input within {FollowTimeout.TotalSeconds} s");
                if (failures > 5) throw new BenchFailure("the output does not follow the input; giving up");
            }
        }
        if (latencies.Count == 0) throw new BenchFailure("the output never followed the input");
        latencies.Print(label);
        Console.WriteLine($"{label}_failures={failures}");
        return failures == 0 ? 0 : 1;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".bench-tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

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

    private static async Task WaitForContentAsync(string path, string content, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!HasContent(path, content))
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new BenchFailure($"{path} did not get the input's content within {timeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
