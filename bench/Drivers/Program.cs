using Mgmt.Bench;

// The measurement helpers of bench/run. Each subcommand prints its results as `key=value` lines (one sample
// or summary per line) that the scenario scripts turn into result blocks; `report` writes docs/benchmarks.md.
return await DriverCommands.RunAsync(args);
