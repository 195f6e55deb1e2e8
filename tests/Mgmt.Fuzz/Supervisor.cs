using System.Diagnostics;

namespace Mgmt.Fuzz;

/// <summary>
/// Runs the fuzzing workers as child processes for a fixed time and adds up what they report. A worker that dies
/// (a stack overflow, an abort: anything that ends a .NET process) has its in-flight input saved as a crash and is
/// started again; one that reports nothing for <see cref="HangAfter"/> is killed and its input saved as a hang.
/// </summary>
internal sealed class Supervisor(string output, int workers, ulong seed, TimeSpan duration, string? conformance, string repository)
{
    /// <summary>How long a worker may go without reporting before its input counts as a hang.</summary>
    public static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);

    private readonly object _lock = new();
    private long _mcl;
    private long _yaml;
    private int _crashes;
    private int _hangs;
    private int _kinds;

    public int Run()
    {
        Directory.CreateDirectory(output);
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, workers).Select(id => Task.Run(() => Loop(id, clock))).ToArray();
        Task.WaitAll(loops);
        Console.WriteLine($"fuzz: {_mcl + _yaml} executions ({_mcl} mcl, {_yaml} yaml) in {clock.Elapsed.TotalSeconds:0} s " +
            $"with {workers} worker(s), {_kinds} kinds of answer; crashes: {_crashes}; hangs: {_hangs}; seed {seed}");
        if (_crashes + _hangs > 0)
        {
            Console.WriteLine($"fuzz: the inputs are in {Path.Join(output, "crashes")}");
            ShowCrashes();
        }
        return _crashes + _hangs > 0 ? 1 : 0;
    }

    // The saved inputs, in the log too: on CI the output directory does not outlive the run.
    private void ShowCrashes()
    {
        foreach (var input in Directory.EnumerateFiles(Path.Join(output, "crashes")).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).Take(5))
        {
            var bytes = File.ReadAllBytes(input);
            var what = File.Exists(input + ".txt") ? File.ReadAllText(input + ".txt") : "";
            Console.WriteLine($"fuzz: {Path.GetFileName(input)} ({bytes.Length} bytes): {what[..Math.Min(what.Length, 2000)]}");
            if (bytes.Length <= 64 * 1024) Console.WriteLine($"fuzz: {Path.GetFileName(input)} as base64: {Convert.ToBase64String(bytes)}");
        }
    }

    private void Loop(int id, Stopwatch clock)
    {
        var generation = 0UL;
        while (clock.Elapsed < duration - TimeSpan.FromSeconds(1))
        {
            var left = duration - clock.Elapsed;
            RunWorker(id, seed + (ulong)id * 7919 + generation++ * 104729, left);
        }
    }

    private void RunWorker(int id, ulong workerSeed, TimeSpan left)
    {
        var start = new ProcessStartInfo(Path.Join(AppContext.BaseDirectory, "Mgmt.Fuzz"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["worker", "--out", output, "--repository", repository, "--id", $"{id}", "--seed", $"{workerSeed}", "--seconds", $"{Math.Max(1, (int)left.TotalSeconds)}"])
        {
            start.ArgumentList.Add(a);
        }
        if (conformance is not null)
        {
            start.ArgumentList.Add("--conformance");
            start.ArgumentList.Add(conformance);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start a fuzzing worker");
        var stderr = process.StandardError.ReadToEndAsync();
        long reportedMcl = 0, reportedYaml = 0;
        var lastHeard = Stopwatch.StartNew();
        var lines = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                lastHeard.Restart();
                var parts = line.Split(' ');
                if (parts is ["execs", var m, var y, var k])
                {
                    var (newMcl, newYaml) = (long.Parse(m), long.Parse(y));
                    lock (_lock)
                    {
                        _mcl += newMcl - reportedMcl;
                        _yaml += newYaml - reportedYaml;
                    }
                    (reportedMcl, reportedYaml) = (newMcl, newYaml);
                    _kinds = Math.Max(_kinds, int.Parse(k));
                }
                else if (parts is ["crash", ..])
                {
                    Interlocked.Increment(ref _crashes);
                    Console.WriteLine($"fuzz: worker {id} found a crash: {line[6..]}");
                }
            }
        });
        var hung = false;
        while (!process.WaitForExit(1000))
        {
            if (lastHeard.Elapsed > HangAfter)
            {
                hung = true;
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                break;
            }
        }
        lines.Wait();
        if (!hung && process.ExitCode == 0) return;
        var what = hung
            ? $"no report for {HangAfter.TotalSeconds:0} s: the input hangs a front end"
            : $"the worker died with exit code {process.ExitCode}\n{stderr.Result}";
        if (hung) Interlocked.Increment(ref _hangs);
        else Interlocked.Increment(ref _crashes);
        if (Worker.ReadInFlight(Worker.InFlightPath(output, id)) is { } inFlight)
        {
            var path = Worker.SaveCrash(output, inFlight.Target, inFlight.Input, what);
            Console.WriteLine($"fuzz: worker {id} {(hung ? "hung" : "died")}; its input is {path}");
        }
        else
        {
            Console.WriteLine($"fuzz: worker {id} {(hung ? "hung" : "died")} before its first input: {what}");
        }
    }
}
