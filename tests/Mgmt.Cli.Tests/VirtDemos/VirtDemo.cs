using Mgmt.Platform.Libvirt;

namespace Mgmt.Cli.Tests.VirtDemos;

/// <summary>What the VM demo tests share: the examples, their data directory, and waiting for a condition.</summary>
internal static class VirtDemo
{
    public const string Uri = "test:///default";

    /// <summary>Skips the test, saying what to install, when libvirt is missing (CI installs it).</summary>
    public static void RequireLibvirt()
    {
        if (!LibvirtRuntime.IsInstalled) Assert.Skip("libvirt is not installed (apt-get install libvirt0); CI installs it");
    }

    /// <summary>The path of examples/mcl/<paramref name="name"/> in the repository.</summary>
    public static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "mcl", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"examples/mcl/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Replaces a file the way an editor saves it (a new file renamed over the old), as a user would push a value.</summary>
    public static void Write(string path, string text)
    {
        File.WriteAllText(path + ".new", text + "\n");
        File.Move(path + ".new", path, overwrite: true);
    }

    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The state and vCPU count of a domain of this process's test driver, or null when it does not exist.</summary>
    public static Task<(DomainState State, uint Cpus)?> Domain(LibvirtConnection connection, string name) => LibvirtWork.RunAsync<(DomainState, uint)?>(() =>
    {
        using var domain = connection.LookupDomain(name);
        if (domain is null) return null;
        var info = domain.GetInfo();
        return (info.State, info.VirtualCpus);
    });

    /// <summary>Removes the demo's domains from this process's test driver (they are transient: destroying removes them).</summary>
    public static Task Remove(LibvirtConnection connection, params string[] names) => LibvirtWork.RunAsync(() =>
    {
        foreach (var name in names)
        {
            using var domain = connection.LookupDomain(name);
            if (domain is not null && domain.IsActive()) domain.Destroy();
        }
    });
}
