namespace Mgmt.Cli.Tests.CommandLine;

/// <summary><c>mgmt setup svc</c>: the unit it prints, and <c>--install</c> into another root (the real systemd run is the package's test).</summary>
public sealed class SetupSvcTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mgmt-setup-svc-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task The_unit_runs_the_input_of_etc_default_mgmt_with_the_binary_asked_for()
    {
        var (code, unit, _) = await CliRun.RunAsync(["setup", "svc", "--binary-path", "/usr/local/bin/mgmt"]);
        Assert.Equal(0, code);
        Assert.Contains("ExecStart=/usr/local/bin/mgmt run $MGMT_FLAGS $MGMT_INPUT\n", unit);
        Assert.Contains("EnvironmentFile=-/etc/default/mgmt\n", unit);
        Assert.Contains("Environment=MGMT_INPUT=empty\n", unit);
        Assert.Contains("WantedBy=multi-user.target\n", unit);
        var (_, defaults, _) = await CliRun.RunAsync(["setup", "svc", "--defaults"]);
        Assert.Contains("\nMGMT_INPUT=\"empty\"\n", defaults);
    }

    [Fact]
    public async Task Install_into_a_root_writes_the_unit_and_keeps_existing_settings()
    {
        var root = _root.FullName;
        var (code, output, error) = await CliRun.RunAsync(["setup", "svc", "--install", "--root", root, "--binary-path", "/usr/bin/mgmt"]);
        Assert.True(code == 0, error);
        Assert.Contains($"wrote {root}/etc/systemd/system/mgmt.service", output);
        Assert.Contains("ExecStart=/usr/bin/mgmt run", File.ReadAllText($"{root}/etc/systemd/system/mgmt.service"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode($"{root}/etc/systemd/system/mgmt.service"));
        File.WriteAllText($"{root}/etc/default/mgmt", "MGMT_INPUT=\"lang /etc/mgmt/main.mcl\"\n");
        (code, output, _) = await CliRun.RunAsync(["setup", "svc", "--install", "--root", root]);
        Assert.Equal(0, code);
        Assert.Contains($"kept {root}/etc/default/mgmt", output);
        Assert.Equal("MGMT_INPUT=\"lang /etc/mgmt/main.mcl\"\n", File.ReadAllText($"{root}/etc/default/mgmt"));
    }

    [Theory]
    [InlineData("--enable and --start go with --install", "setup", "svc", "--start")]
    [InlineData("--binary-path expects an absolute path, got 'mgmt'", "setup", "svc", "--binary-path", "mgmt")]
    [InlineData("--root goes with --install alone", "setup", "svc", "--install", "--start", "--root", "/tmp/x")]
    public async Task Mistakes_are_usage_errors(string message, params string[] args)
    {
        var (code, _, error) = await CliRun.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }
}
