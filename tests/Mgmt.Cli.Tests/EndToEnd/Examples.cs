namespace Mgmt.Cli.Tests.EndToEnd;

/// <summary>Finds the repository's examples and clears the /tmp directories they manage.</summary>
internal static class Examples
{
    public static string Yaml(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "yaml", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"examples/yaml/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>The directory an example manages (each writes only below its own /tmp/mgmt-example-NAME/).</summary>
    public static string StateDir(string example) => $"/tmp/mgmt-example-{example}/";

    public static void Clear(string example)
    {
        if (Directory.Exists(StateDir(example))) Directory.Delete(StateDir(example), recursive: true);
    }

    /// <summary>Runs an example once to convergence.</summary>
    public static Task<(int Code, MgmtProcess Process)> RunOnceAsync(string example, params string[] flags) =>
        MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", .. flags, "yaml", Yaml(example + ".yaml")]);

    /// <summary>Polls until <paramref name="condition"/> holds; false after <paramref name="seconds"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(10);
        }
        return condition();
    }
}
