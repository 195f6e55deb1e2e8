using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.DeployFunctions;

/// <summary>
/// The <c>deploy</c> package: the files shipped with the running program (its module), not the host's files.
/// Paths are absolute within the module: <c>/files/motd</c> is the <c>files/motd</c> of the calling module,
/// which the runtime gives as <see cref="IFunctionContext.ProgramDirectory"/>.
/// </summary>
internal static class DeployPackage
{
    public const string Name = "deploy";

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, Deploy("abspath", "func(path str) str", (c, a) => Value.Str(AbsPath(c, a[0].AsStr())),
            "The absolute path in the deploy of a path relative to the calling module."))
        .Add(Name, Deploy("readfile", "func(path str) str", (c, a) => Value.Str(Read(c, AbsPath(c, a[0].AsStr()))),
            "The contents of a file of the calling module; a missing file is a catchable error."))
        .Add(Name, Deploy("readfileabs", "func(path str) str", (c, a) => Value.Str(Read(c, Absolute(a[0].AsStr()))),
            "The contents of a file given by its absolute path in the deploy; a missing file is a catchable error."))
        .Add(Name, Deploy("file_exists", "func(path str) bool",
            (c, a) => Value.Bool(c.ProgramFiles.FileExists(AbsPath(c, a[0].AsStr()))),
            "True when the calling module has this file."))
        .Add(Name, Deploy("directory", "func(directory str) str",
            (c, a) => Value.Str(DeployDirectory.Materialize(c, AbsPath(c, a[0].AsStr()))),
            "Copies a directory of the calling module to a private local directory and returns its path."))
        .Add(Name, Deploy("binary_path", "func() str",
            (_, _) => Value.Str(Environment.ProcessPath ?? throw new FunctionException("the path of the running mgmt binary is unknown")),
            "The path of the running mgmt binary."))
        .Add(Name, new SimpleFunction("bootstrap_packages", "func(distro str) []str",
            a => Value.StrList(BootstrapPackages.For(a[0].AsStr())),
            description: "The packages a new machine of this distro needs before it can run mgmt."));

    private static TypedFunction Deploy(string name, string signature, Func<IFunctionContext, IReadOnlyList<Value>, Value> body, string description) =>
        new(name, signature, (_, c, a) => body(c, a), description: description, pure: false);

    /// <summary>The calling module's directory joined with an absolute module path ("" gives the directory).</summary>
    internal static string AbsPath(IFunctionContext context, string path)
    {
        var base_ = "/" + context.ProgramDirectory.Trim('/');
        base_ = base_ == "/" ? "" : base_;
        if (path.Length == 0) return base_ + "/";
        if (!path.StartsWith('/'))
        {
            throw new FunctionException($"deploy paths start with '/' (relative to the module), got {GoFormat.Quote(path)}");
        }
        return base_ + path;
    }

    private static string Absolute(string path) => path.StartsWith('/')
        ? path
        : throw new FunctionException($"deploy.readfileabs needs an absolute path, got {GoFormat.Quote(path)}");

    private static string Read(IFunctionContext context, string path)
    {
        try
        {
            return context.ProgramFiles.ReadText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CatchableException($"the deploy has no file {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatchableException($"cannot read {path} from the deploy: {e.Message}");
        }
    }
}
