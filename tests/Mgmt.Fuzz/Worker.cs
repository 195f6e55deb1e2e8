using System.Diagnostics;
using System.Security.Cryptography;
using CsCheck;

namespace Mgmt.Fuzz;

/// <summary>
/// The fuzzing loop of one process: mutate an input of the pool, run it, keep it in the pool when it reached a kind
/// of answer not seen before, save it when it crashed. Before each run the input goes to an "in flight" file, so that
/// if the process dies (a stack overflow cannot be caught) the supervisor still knows which input killed it. Once a
/// second it prints <c>execs MCL YAML KINDS</c> (runs of each front end, kinds of answer seen) on standard output; a saved crash prints <c>crash PATH</c>.
/// </summary>
internal sealed class Worker(string output, int id, ulong seed, TimeSpan duration)
{
    private const int MaxPool = 20_000;

    public static string InFlightPath(string output, int id) => Path.Join(output, $"inflight-{id}");

    public int Run(string repository, string? conformance)
    {
        var seeds = Seeds.Load(repository, conformance);
        var pool = new Dictionary<Target, List<Seed>>
        {
            [Target.Mcl] = [.. seeds.Where(s => s.Target == Target.Mcl)],
            [Target.Yaml] = [.. seeds.Where(s => s.Target == Target.Yaml)],
        };
        var random = new PCG((uint)id, seed);
        var mutators = pool.ToDictionary(p => p.Key, p => new Mutator(p.Value, random));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long mcl = 0, yaml = 0;
        using var targets = new Targets();
        using var inFlight = new FileStream(InFlightPath(output, id), FileMode.Create, FileAccess.Write, FileShare.Read);
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (clock.Elapsed < duration)
        {
            // The mcl front end is the larger one: it gets most of the runs.
            var target = random.Next(10) < 7 || pool[Target.Yaml].Count == 0 ? Target.Mcl : Target.Yaml;
            var inputs = pool[target];
            var parent = inputs[(int)random.Next((uint)inputs.Count)];
            var input = mutators[target].Mutate(parent);
            Record(inFlight, target, input);
            var outcome = targets.Run(target, input);
            if (target == Target.Mcl) mcl++;
            else yaml++;
            if (Environment.GetEnvironmentVariable("MGMT_FUZZ_TRACE") is "1") Console.Error.WriteLine(outcome.Kind);
            if (outcome.Crash is not null)
            {
                var path = SaveCrash(output, target, input, outcome.Crash);
                Console.WriteLine($"crash {path}");
            }
            else if (seen.Add(outcome.Kind) && inputs.Count < MaxPool)
            {
                inputs.Add(new Seed(target, outcome.Kind, input));
            }
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"execs {mcl} {yaml} {seen.Count}");
            }
        }
        Console.WriteLine($"execs {mcl} {yaml} {seen.Count}");
        return 0;
    }

    /// <summary>Saves a crashing input (and what it did) under <c>crashes/</c>, named by its content; returns its path.</summary>
    public static string SaveCrash(string output, Target target, byte[] input, string what)
    {
        var dir = Directory.CreateDirectory(Path.Join(output, "crashes")).FullName;
        var name = Convert.ToHexStringLower(SHA256.HashData(input))[..16];
        var path = Path.Join(dir, name + Targets.Extension(target));
        File.WriteAllBytes(path, input);
        File.WriteAllText(path + ".txt", what);
        return path;
    }

    // One byte names the front end, then the input. No fsync: the page cache outlives the process.
    private static void Record(FileStream file, Target target, byte[] input)
    {
        file.Position = 0;
        file.WriteByte(target == Target.Mcl ? (byte)'m' : (byte)'y');
        file.Write(input);
        file.SetLength(input.Length + 1);
        file.Flush();
    }

    /// <summary>The input a dead worker was running, from its in-flight file; null if there is none.</summary>
    public static (Target Target, byte[] Input)? ReadInFlight(string path)
    {
        if (!File.Exists(path)) return null;
        var data = File.ReadAllBytes(path);
        if (data.Length == 0) return null;
        return (data[0] == (byte)'m' ? Target.Mcl : Target.Yaml, data[1..]);
    }
}
