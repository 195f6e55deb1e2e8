using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Mgmt.Platform.Files;

namespace Mgmt.Lang.Core.DeployFunctions;

/// <summary>
/// <c>deploy.directory</c>: mirrors a directory of the program's files into a private local directory, like
/// <c>rsync --delete</c>. Unchanged files are left alone (no needless events for watchers); each written file is
/// replaced atomically so readers never see half of it.
/// </summary>
internal static class DeployDirectory
{
    public static string Materialize(IFunctionContext context, string directory)
    {
        if (!directory.EndsWith('/'))
        {
            throw new FunctionException($"deploy.directory needs a directory path ending in '/', got {GoFormat.Quote(directory)}");
        }
        if (!context.ProgramFiles.DirectoryExists(directory))
        {
            throw new CatchableException($"the deploy has no directory {directory}");
        }
        var target = context.VarDir("deploy/directory" + directory);
        Directory.CreateDirectory(target);
        try
        {
            Sync(context, directory, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FunctionException($"deploy.directory could not copy {directory} to {target}: {e.Message}");
        }
        return target.EndsWith('/') ? target : target + "/";
    }

    private static void Sync(IFunctionContext context, string source, string target)
    {
        var entries = context.ProgramFiles.List(source);
        var keep = entries.Select(e => e.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        foreach (var existing in Directory.EnumerateFileSystemEntries(target))
        {
            var name = Path.GetFileName(existing);
            if (keep.Contains(name)) continue;
            if (Directory.Exists(existing) && !File.GetAttributes(existing).HasFlag(FileAttributes.ReparsePoint)) Directory.Delete(existing, recursive: true);
            else File.Delete(existing);
        }
        foreach (var entry in entries)
        {
            var name = entry.TrimEnd('/');
            var destination = Path.Join(target, name);
            if (entry.EndsWith('/'))
            {
                if (File.Exists(destination)) File.Delete(destination);
                Directory.CreateDirectory(destination);
                Sync(context, source + entry, destination);
                continue;
            }
            if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
            var data = context.ProgramFiles.ReadBytes(source + name);
            if (File.Exists(destination) && File.ReadAllBytes(destination).AsSpan().SequenceEqual(data)) continue;
            AtomicFile.Write(destination, data);
        }
    }
}
