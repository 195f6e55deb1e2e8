using System.Security.Cryptography;
using Mgmt.World.Deploys;

namespace Mgmt.Cli.Deploys;

/// <summary>One file of a deploy with its content.</summary>
public sealed record DeployContent(DeployFile File, byte[] Content)
{
    public static DeployContent Of(string path, byte[] content) => new(new DeployFile(path, Sha256(content), content.Length), content);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

/// <summary>
/// What <c>mgmt deploy KIND INPUT</c> carries: for a file, that file; for a directory (an mcl module: main.mcl or
/// metadata.yaml and whatever the program reads), every file under it except <c>.git</c>; for <c>empty</c>, nothing.
/// </summary>
public sealed record DeployPackage(string Kind, string Entry, IReadOnlyList<DeployContent> Files, string? SourceDirectory)
{
    /// <summary>Reads <paramref name="input"/> for a deploy of <paramref name="kind"/>.</summary>
    /// <exception cref="DeployException">the input is missing, unreadable, too big, or not what the kind reads.</exception>
    public static DeployPackage Collect(string kind, string? input)
    {
        if (kind == "empty") return new DeployPackage(kind, "", [], input is null ? null : Path.GetFullPath(input));
        if (input is null) throw new DeployException($"deploy {kind} needs INPUT: a file or a directory");
        var full = Path.GetFullPath(input);
        if (File.Exists(full))
        {
            var name = Path.GetFileName(full);
            return new DeployPackage(kind, name, [Read(full, name)], Path.GetDirectoryName(full));
        }
        if (!Directory.Exists(full)) throw new DeployException($"INPUT {input}: no such file or directory");
        if (kind == "yaml") throw new DeployException($"INPUT {input} is a directory; deploy yaml takes the YAML file itself");
        var files = new List<DeployContent>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var path in Directory.EnumerateFiles(full, "*", options))
        {
            var relative = Path.GetRelativePath(full, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.Split('/').Contains(".git")) continue; // the repository itself is recorded as its commit
            files.Add(Read(path, relative));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.File.Path, b.File.Path));
        return new DeployPackage(kind, ".", files, full);
    }

    private static DeployContent Read(string path, string relative)
    {
        try
        {
            DeployRecord.CheckPath(relative);
        }
        catch (FormatException e)
        {
            throw new DeployException($"{path}: {e.Message}");
        }
        var info = new FileInfo(path);
        if (info.Length > DeployArea.MaxFileBytes)
        {
            throw new DeployException($"{path} is {info.Length} bytes; a deployed file may have at most {DeployArea.MaxFileBytes} bytes (the store's request limit)");
        }
        try
        {
            return DeployContent.Of(relative, File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployException($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>
    /// Writes <paramref name="files"/> as the directory <paramref name="directory"/>: into a temporary sibling first,
    /// renamed into place when complete, so a crash never leaves a half-written deploy where one is expected.
    /// </summary>
    public static void Materialize(string directory, IEnumerable<DeployContent> files)
    {
        var parent = Path.GetDirectoryName(directory)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(directory)}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temporary);
            foreach (var file in files)
            {
                var path = Path.Combine(temporary, file.File.Path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, file.Content);
            }
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            Directory.Move(temporary, directory);
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>What the front end is given inside a materialized deploy.</summary>
    public static string EntryPath(string directory, string entry) => entry is "" or "." ? directory : Path.Combine(directory, entry);
}
