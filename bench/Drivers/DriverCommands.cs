namespace Mgmt.Bench;

/// <summary>Dispatches `mgmt-bench COMMAND [--option value ...]` to one driver.</summary>
internal static class DriverCommands
{
    private const string Usage = """
        usage: mgmt-bench COMMAND [options]
          drift    --dir DIR --files N [--samples 200] [--seed 1]          B3: delete a managed file, time until it is back
          follow   --input FILE --output FILE [--samples 100]               B7: write the input, time until the output follows
                   [--template FILE]                                        B13: the input is FILE with @TICK@ replaced by the text
          host     --program FILE.mcl [--seconds 0] [--state DIR]           run an mcl program on a real engine in this process
          reactive --dir DIR [--samples 100]                                B7 in process: host + follow in one process
          heap     --dir DIR [--updates 3000] [--every 500]                 managed heap after many reactive updates (leak probe)
          lang-gen --lines N --out FILE                                     B6: write a generated program of about N lines
          lang     --sizes 1000,10000 [--reps 5] [--dir DIR]                B6: parse, type-check and build the function graph
          swap-soak --dir DIR [--files 10000] [--minutes 10] [--swaps-per-minute 1000] [--changes 10] [--drift-per-second 20] [--reuse 1]
                                                                            graph swaps under drift: memory and lost swaps
          swap-profile --dir DIR [--files 10000] [--samples 50] [--reuse 1] [--derive 0]  one swap at N files: commit time and the engine's stages
          failover --endpoints URLS --agents NAME=PID,... [--members 3]      B10: a counter every 10 ms; SIGKILL the leading member's agent
          report   --doc FILE --results DIR [--machine TEXT]                merge result blocks into docs/benchmarks.md
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.Error.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var options = Options.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "drift" => await DriftDriver.RunAsync(options),
                "follow" => await FollowDriver.RunAsync(options),
                "host" => await LangHost.RunFromCommandLineAsync(options),
                "reactive" => await ReactiveInProcess.RunAsync(options),
                "heap" => await HeapProbe.RunAsync(options),
                "lang-gen" => LangProgramGenerator.RunFromCommandLine(options),
                "lang" => LangCompileDriver.Run(options),
                "swap-soak" => await SwapSoak.RunAsync(options),
                "swap-profile" => await SwapProfile.RunAsync(options),
                "failover" => await FailoverDriver.RunAsync(options),
                "report" => ReportCommand.Run(options),
                _ => throw new UsageException($"unknown command '{args[0]}'\n{Usage}"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"mgmt-bench: {e.Message}");
            return 2;
        }
        catch (Mgmt.Lang.Diagnostics.LangException e)
        {
            Console.Error.WriteLine($"mgmt-bench: the mcl program was refused: {e.Message}");
            return 1;
        }
        catch (BenchFailure e)
        {
            Console.Error.WriteLine($"mgmt-bench: {e.Message}");
            return 1;
        }
    }
}

/// <summary>A mistake on the driver's command line.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A measurement that could not be made (the agent did not do what it should, a timeout...).</summary>
internal sealed class BenchFailure(string message) : Exception(message);
