namespace Mgmt.Platform.Tests;

/// <summary>A fresh directory under /tmp for one test, removed with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("mgmt-platform-test-").FullName;
    }

    public string Path { get; }

    /// <summary>The absolute path of a name inside the directory.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

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
