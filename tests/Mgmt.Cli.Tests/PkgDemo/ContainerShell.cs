using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;

namespace Mgmt.Cli.Tests.PkgDemo;

/// <summary>
/// Runs programs inside the booted test container, in all its namespaces (mount, pid, network, ...) with its root
/// directory, through <c>nsenter</c>: a program started so sees the container's dpkg, apt, /etc and systemd bus
/// exactly as a program of that machine would. <see cref="InstallAgent"/> copies the mgmt binary and the .NET
/// runtime it needs into the container (its root is a tmpfs overlay, so the copy is gone with the container).
/// </summary>
internal sealed class ContainerShell(string root)
{
    /// <summary>Where the agent, its runtime and the example go inside the container.</summary>
    public const string Home = "/opt/mgmt-demo";

    private static readonly Dictionary<string, string> BaseEnvironment = new()
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["HOME"] = "/root",
        ["LC_ALL"] = "C",
        ["DOTNET_ROOT"] = Home + "/dotnet",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    /// <summary>The container's root as seen from the host (<c>/proc/PID/root</c>).</summary>
    public string Root { get; } = root;

    /// <summary>The host path of <paramref name="path"/> in the container.</summary>
    public string HostPath(string path) => Root + path;

    /// <summary>
    /// Copies the mgmt build next to the tests (the binary and its assemblies) and the shared .NET runtimes it uses
    /// (the base runtime and ASP.NET Core's, for Kestrel) into the container. The container is the same Debian release as the test machines, so the native parts fit.
    /// </summary>
    public async Task InstallAgentAsync(CancellationToken cancel)
    {
        var runtime = Path.TrimEndingDirectorySeparator(RuntimeEnvironment.GetRuntimeDirectory());
        var dotnet = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        Directory.CreateDirectory(HostPath(Home + "/dotnet/shared/Microsoft.NETCore.App"));
        await RunOnHostAsync("cp", ["-a", Path.Combine(dotnet, "host"), HostPath(Home + "/dotnet/")], cancel);
        await RunOnHostAsync("cp", ["-a", runtime, HostPath(Home + "/dotnet/shared/Microsoft.NETCore.App/")], cancel);
        await RunOnHostAsync("cp", ["-a", Path.Combine(dotnet, "shared", "Microsoft.AspNetCore.App"), HostPath(Home + "/dotnet/shared/")], cancel);
        await RunOnHostAsync("cp", ["-a", Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), HostPath(Home + "/bin")], cancel);
    }

    /// <summary>Runs a program in the container to its end; fails the test when it does not succeed.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> command, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            Command = "nsenter",
            Args = [.. EnterArguments(), .. command],
            Environment = BaseEnvironment,
            Timeout = TimeSpan.FromMinutes(2),
        }, cancel);
        if (!result.Succeeded) Assert.Fail($"in the container, {string.Join(' ', command)} failed: {result.Tail(20)}");
        return result.Stdout;
    }

    /// <summary>Starts mgmt in the container with <paramref name="args"/>; the caller stops it.</summary>
    public ContainerAgent StartAgent(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo("nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in EnterArguments()) info.ArgumentList.Add(a);
        info.ArgumentList.Add(Home + "/bin/mgmt");
        foreach (var a in args) info.ArgumentList.Add(a);
        // Only what is set here: the host's MGMT_* and D-Bus variables mean nothing inside the container.
        info.Environment.Clear();
        foreach (var (k, v) in BaseEnvironment) info.Environment[k] = v;
        return new ContainerAgent(info);
    }

    private string[] EnterArguments()
    {
        var leader = Path.GetFileName(Path.GetDirectoryName(Root))!;
        return ["--target", leader, "--mount", "--uts", "--ipc", "--net", "--pid", "--root", "--wd=/", "--"];
    }

    private static async Task RunOnHostAsync(string program, IReadOnlyList<string> args, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec { Command = program, Args = args }, cancel);
        if (!result.Succeeded) Assert.Fail($"{result.CommandLine} failed: {result.Tail()}");
    }
}

/// <summary>
/// mgmt running in the container under nsenter, which forks it into the container's pid namespace and waits for
/// it. Signals go to mgmt itself (nsenter's child), as a user's Ctrl-C would.
/// </summary>
internal sealed class ContainerAgent : IAsyncDisposable
{
    private readonly Process _nsenter;
    private readonly StringBuilder _log = new();
    private readonly Lock _lock = new();

    public ContainerAgent(ProcessStartInfo info)
    {
        _nsenter = new Process { StartInfo = info };
        _nsenter.OutputDataReceived += (_, e) => Append(e.Data);
        _nsenter.ErrorDataReceived += (_, e) => Append(e.Data);
        _nsenter.Start();
        _nsenter.BeginOutputReadLine();
        _nsenter.BeginErrorReadLine();
    }

    /// <summary>Everything mgmt wrote so far (stdout and stderr, interleaved).</summary>
    public string Log
    {
        get
        {
            lock (_lock) return _log.ToString();
        }
    }

    public bool HasExited => _nsenter.HasExited;

    /// <summary>Waits for mgmt to end by itself and returns its exit code (nsenter exits with it).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _nsenter.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"mgmt did not end within {patience}. Its log:\n{Log}");
        }
        return _nsenter.ExitCode;
    }

    /// <summary>Sends SIGINT to mgmt and returns its exit code (nsenter exits with it).</summary>
    public async Task<int> InterruptAsync(TimeSpan patience)
    {
        var agent = Child();
        if (agent > 0) Posix.Kill(agent, 2); // SIGINT
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _nsenter.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"mgmt did not stop within {patience} after SIGINT. Its log:\n{Log}");
        }
        return _nsenter.ExitCode;
    }

    // nsenter forks once to enter the pid namespace; its only child is mgmt (by its host pid).
    private int Child()
    {
        try
        {
            var children = File.ReadAllText($"/proc/{_nsenter.Id}/task/{_nsenter.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return children.Length > 0 ? int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_lock) _log.Append(line).Append('\n');
    }

    public async ValueTask DisposeAsync()
    {
        if (!_nsenter.HasExited)
        {
            var agent = Child();
            if (agent > 0) Posix.Kill(agent, Signals.Kill);
            _nsenter.Kill();
            await _nsenter.WaitForExitAsync();
        }
        _nsenter.Dispose();
    }
}
