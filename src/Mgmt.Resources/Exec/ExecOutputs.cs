using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// The last output of the main command (combined, stdout, stderr), kept in the resource's state directory so
/// that a run skipped by a guard, or the first check after a restart, still sends what the command last said.
/// A missing file means "no value".
/// </summary>
internal sealed class ExecOutputs(string directory)
{
    public string? Output { get; set; }
    public string? Stdout { get; set; }
    public string? Stderr { get; set; }

    public void Load()
    {
        Output = Read("output");
        Stdout = Read("stdout");
        Stderr = Read("stderr");
    }

    public void Save()
    {
        Write("output", Output);
        Write("stdout", Stdout);
        Write("stderr", Stderr);
    }

    private string? Read(string name)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, name));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private void Write(string name, string? value)
    {
        var path = Path.Combine(directory, name);
        if (value is null) File.Delete(path);
        else AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(value), new AtomicWriteOptions { Mode = 0x180, Durable = false });
    }
}
