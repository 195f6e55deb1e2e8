using System.Globalization;

namespace Mgmt.Fuzz;

/// <summary>
/// The fuzzer of the front ends (docs/fuzzing.md).
/// <list type="bullet">
/// <item><c>run [--seconds N] [--workers N] [--seed N] [--out DIR] [--conformance DIR] [--repository DIR]</c>: fuzz
/// for N seconds (default 60), print the totals, exit 1 if anything crashed or hung. The seeds come from the
/// repository's examples/ (default: the checkout above the program) and the conformance archives;</item>
/// <item><c>replay FILE...</c>: run saved inputs (<c>.mcl</c> or <c>.yaml</c>) once each and say what they did;</item>
/// <item><c>worker ...</c>: one fuzzing process, started by <c>run</c>.</item>
/// </list>
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: Mgmt.Fuzz run [--seconds N] [--workers N] [--seed N] [--out DIR] [--conformance DIR] [--repository DIR]");
            Console.WriteLine("       Mgmt.Fuzz replay FILE.mcl|FILE.yaml...");
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            return args[0] switch
            {
                "run" => Run(Options.Parse(args[1..])),
                "worker" => Work(Options.Parse(args[1..])),
                "replay" => Replay(args[1..]),
                _ => throw new ArgumentException($"unknown command '{args[0]}': use run or replay"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"Mgmt.Fuzz: {e.Message}");
            return 2;
        }
    }

    private static int Run(Options o)
    {
        var output = o.Output ?? Directory.CreateTempSubdirectory("mgmt-fuzz-").FullName;
        Console.WriteLine($"fuzz: {o.Seconds} s, {o.Workers} worker(s), seed {o.Seed}, output {output}");
        var repository = o.Repository ?? Seeds.FindRepository();
        return new Supervisor(output, o.Workers, o.Seed, TimeSpan.FromSeconds(o.Seconds), o.Conformance, repository).Run();
    }

    private static int Work(Options o) =>
        new Worker(o.Output ?? throw new ArgumentException("worker needs --out"), o.Id, o.Seed, TimeSpan.FromSeconds(o.Seconds))
            .Run(o.Repository ?? Seeds.FindRepository(), o.Conformance);

    private static int Replay(string[] files)
    {
        var failed = 0;
        using var targets = new Targets();
        foreach (var file in files)
        {
            var target = Targets.FromPath(file) ?? throw new ArgumentException($"{file}: name a .mcl or .yaml file");
            var outcome = targets.Run(target, File.ReadAllBytes(file));
            Console.WriteLine($"{file}: {(outcome.Crash is null ? outcome.Kind : "CRASH\n" + outcome.Crash)}");
            if (outcome.Crash is not null) failed++;
        }
        return failed == 0 ? 0 : 1;
    }

    private sealed record Options(int Seconds, int Workers, ulong Seed, string? Output, string? Conformance, int Id, string? Repository)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(60, 1, (ulong)Environment.TickCount64, null, null, 0, null);
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
                o = args[i] switch
                {
                    "--seconds" => o with { Seconds = Positive(args[i], value) },
                    "--workers" => o with { Workers = Positive(args[i], value) },
                    "--id" => o with { Id = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--seed" => o with { Seed = ulong.TryParse(value, CultureInfo.InvariantCulture, out var s) ? s : throw new ArgumentException($"--seed takes a whole number, not '{value}'") },
                    "--out" => o with { Output = Path.GetFullPath(value) },
                    "--conformance" => o with { Conformance = Path.GetFullPath(value) },
                    "--repository" => o with { Repository = Path.GetFullPath(value) },
                    _ => throw new ArgumentException($"unknown option '{args[i]}'"),
                };
                i++;
            }
            return o;
        }

        private static int Positive(string flag, string value) =>
            int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} takes a positive whole number, not '{value}'");
    }
}
