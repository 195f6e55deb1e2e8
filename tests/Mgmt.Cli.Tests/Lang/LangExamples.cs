using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.Lang;

/// <summary>Finds the repository's mcl examples and runs them through the real binary.</summary>
internal static class LangExamples
{
    /// <summary>The examples/mcl directory of the repository.</summary>
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "examples", "mcl");
                if (System.IO.Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException($"examples/mcl not found above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>An example's input: <c>NAME.mcl</c>, or the directory <c>NAME/</c>.</summary>
    public static string Input(string name)
    {
        var file = Path.Combine(Directory, name + ".mcl");
        return File.Exists(file) ? file : Path.Combine(Directory, name) + "/";
    }

    /// <summary>The directory the example manages (each writes only below its own /tmp/mgmt-example-NAME/).</summary>
    public static string State(string name, string file = "") => Examples.StateDir(name) + file;

    /// <summary>The content of a file the example manages, or null while it does not exist.</summary>
    public static string? Read(string name, string file)
    {
        try
        {
            return File.ReadAllText(State(name, file));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Runs an example once to convergence.</summary>
    public static Task<(int Code, MgmtProcess Process)> RunOnceAsync(string name, params string[] flags) =>
        MgmtProcess.RunAsync(["run", "--tmp-prefix", "--converged-exit", "--converger-timeout=0", .. flags, "lang", Input(name)]);

    /// <summary>Starts an example that keeps running (the test stops it).</summary>
    public static MgmtProcess Start(string name, params string[] flags) =>
        MgmtProcess.Start(["run", "--tmp-prefix", .. flags, "lang", Input(name)]);

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test with mgmt's log otherwise.</summary>
    public static async Task EventuallyAsync(MgmtProcess p, Func<bool> condition, string what, double seconds = 20)
    {
        if (!await Examples.EventuallyAsync(condition, seconds)) Assert.Fail($"{what} did not happen within {seconds} s. mgmt's log:\n{p.Stderr}");
    }

    /// <summary>Stops a running agent with SIGINT and expects a clean exit.</summary>
    public static async Task StopAsync(MgmtProcess p)
    {
        p.Signal(2);
        Assert.Equal(0, await p.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
