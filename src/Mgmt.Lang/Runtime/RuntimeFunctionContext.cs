using Mgmt.Engine.Resources;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Microsoft.Extensions.Logging;

namespace Mgmt.Lang.Runtime;

/// <summary>
/// What the function nodes of one running program may use of their host. Functions written in an imported module
/// get a context whose <see cref="ProgramDirectory"/> is that module's directory, so that <c>deploy.readfile</c>
/// reads the module's own files.
/// </summary>
internal sealed class RuntimeFunctionContext(RuntimeOptions options, ISourceFiles files, string programDirectory, ILogger logger)
    : IFunctionContext
{
    public string Hostname => options.Hostname;

    public ILogger Logger => logger;

    public TimeProvider Time => options.Time;

    public IServiceProvider Services => options.Services;

    public LocalValues Local => options.Local;

    public ISourceFiles ProgramFiles => files;

    public string ProgramDirectory { get; } = programDirectory;

    public string VarDir(string name)
    {
        var relative = name.Trim('/');
        if (relative.Split('/').Any(p => p is ".." or "."))
        {
            throw new FunctionException($"the state directory name '{name}' may not contain '.' or '..' parts");
        }
        var path = Path.Join(options.StateDirectory, relative);
        Directory.CreateDirectory(path);
        return path.EndsWith('/') ? path : path + "/";
    }

    /// <summary>The directory of a source file (with a trailing slash).</summary>
    public static string DirectoryOf(string file)
    {
        var slash = file.LastIndexOf('/');
        return slash <= 0 ? "/" : file[..(slash + 1)];
    }

    /// <summary>
    /// The module a source file belongs to: the nearest directory holding it that is the program's own or has a
    /// <c>metadata.yaml</c>; the program's directory when there is none.
    /// </summary>
    public static string ModuleDirectoryOf(ISourceFiles files, string file, string programDirectory)
    {
        if (file.Length == 0 || !file.StartsWith('/')) return programDirectory;
        for (var dir = DirectoryOf(file); ; dir = DirectoryOf(dir.TrimEnd('/')))
        {
            if (dir == programDirectory || files.FileExists(dir + "metadata.yaml")) return dir;
            if (dir == "/") return programDirectory;
        }
    }
}
