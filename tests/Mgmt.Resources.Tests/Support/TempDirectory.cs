namespace Mgmt.Resources.Tests.Support;

/// <summary>A fresh directory under /tmp for one test, removed with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("mgmt-resource-test-").FullName;

    public string Path { get; }

    /// <summary>The absolute path of a name inside the directory (a trailing slash is kept).</summary>
    public string this[string relative] => Path + "/" + relative;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
