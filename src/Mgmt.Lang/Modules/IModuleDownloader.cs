namespace Mgmt.Lang.Modules;

/// <summary>
/// Brings remote modules (<c>import "git://host/path/"</c>) onto this machine while a program compiles
/// (<c>--download</c>). The compiler asks before it looks a remote module up, naming the directory where the module
/// belongs: the importing module's own module directory, or the global module path.
/// </summary>
public interface IModuleDownloader
{
    /// <summary>
    /// Makes sure <paramref name="directory"/> (a real, absolute path) holds the module <paramref name="name"/>:
    /// fetches it when it is missing and, when asked to update, brings it up to date. Throws
    /// <see cref="ModuleException"/> saying what failed.
    /// </summary>
    void Fetch(ImportName name, string directory);
}
