using Mgmt.Conformance;

namespace Mgmt.Fuzz;

/// <summary>One starting input: a program or graph that the fuzzer mutates.</summary>
internal sealed record Seed(Target Target, string Origin, byte[] Data);

/// <summary>
/// The seeds: every mcl and YAML file under the repository's <c>examples/</c>, and the mcl files and
/// <c>metadata.yaml</c> members of the conformance archives, read where they are at run time (they are third-party
/// data and are not copied into the repository).
/// </summary>
internal static class Seeds
{
    public static List<Seed> Load(string repository, string? conformance)
    {
        var seeds = new List<Seed>();
        foreach (var path in Directory.EnumerateFiles(Path.Join(repository, "examples"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Targets.FromPath(path) is { } target) seeds.Add(new Seed(target, Path.GetRelativePath(repository, path), File.ReadAllBytes(path)));
        }
        var cases = ConformanceRun.FindCasesDirectory(conformance);
        if (cases is null) return seeds;
        foreach (var archive in Directory.EnumerateFiles(cases, "*.txtar", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var member in Txtar.Read(archive).Files)
            {
                if (Targets.FromPath(member.Name) is { } target && member.Data.Length > 0)
                {
                    seeds.Add(new Seed(target, $"{Path.GetFileName(archive)}:{member.Name}", member.Data));
                }
            }
        }
        return seeds;
    }

    /// <summary>The repository's root: the nearest directory above the program holding mgmt.slnx.</summary>
    public static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "mgmt.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("the repository (a directory holding mgmt.slnx) is not above the fuzzer");
    }
}
