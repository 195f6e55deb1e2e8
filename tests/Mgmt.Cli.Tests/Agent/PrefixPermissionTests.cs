using Mgmt.Cli.Agent;
using Mgmt.Cli.Logging;
using Microsoft.Extensions.Logging;

namespace Mgmt.Cli.Tests.Agent;

/// <summary>A prefix that already exists and is open to others is closed to them (it holds state and secrets), saying so.</summary>
public sealed class PrefixPermissionTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Open = Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-prefix-test-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static (AgentPrefix Prefix, string Log) Resolve(string path)
    {
        var log = new StringWriter();
        using var loggers = new LineLoggerFactory(log, LogLevel.Information);
        var prefix = AgentPrefix.Resolve(new AgentSettings { Prefix = path }, _ => null, loggers.CreateLogger("agent"));
        return (prefix, log.ToString());
    }

    [Fact]
    public void An_existing_open_prefix_is_tightened_to_0700_with_a_log_line()
    {
        var path = Path.Combine(_dir.FullName, "p");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, Open);
        var (prefix, log) = Resolve(path);
        using (prefix)
        {
            Assert.Equal(Private, File.GetUnixFileMode(path));
            Assert.Contains($"the prefix {path} was open to other users (mode 755): tightened to 0700", log);
        }
        // A private prefix is left as it is, silently.
        var (again, quiet) = Resolve(path);
        again.Dispose();
        Assert.DoesNotContain("tightened", quiet);
    }

    [Fact]
    public void A_shared_sticky_directory_is_never_tightened()
    {
        var path = Path.Combine(_dir.FullName, "shared");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, Open | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite | UnixFileMode.StickyBit);
        var (prefix, log) = Resolve(path);
        prefix.Dispose();
        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.OtherRead));
        Assert.Contains("shared or not ours, so it is left as it is", log);
    }
}
