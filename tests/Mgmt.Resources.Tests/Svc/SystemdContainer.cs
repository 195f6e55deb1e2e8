using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;
using Mgmt.Platform.Systemd;

namespace Mgmt.Resources.Tests.Svc;

/// <summary>
/// A real systemd for the tests: the Debian root that tests/support/systemd-container.sh builds, booted once for
/// the whole "systemd container" collection (volatile: whatever the tests write into it is gone afterwards) and
/// stopped when the collection ends. The host reaches the container's system bus and files through
/// <c>/proc/PID/root</c> of the container's init.
/// </summary>
/// <remarks>
/// Without root, or without a built root directory (outside CI), every test of the collection is skipped with a
/// message saying how to build it; in CI (<c>CI</c> set) a missing root is built here.
/// </remarks>
public sealed class SystemdContainer : IAsyncLifetime
{
    private static readonly TimeSpan BootPatience = TimeSpan.FromSeconds(90);

    private Process? _boot;
    private int _nspawnPid;
    private string? _logPath;
    private SystemdManager? _manager;

    /// <summary>Why the container cannot be used, or null when it runs.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The container's root as seen from the host (<c>/proc/PID/root</c>).</summary>
    public string Root { get; private set; } = "";

    /// <summary>Settings that point the systemd resources at the container.</summary>
    public SystemdSettings Settings { get; private set; } = new();

    /// <summary>The test's own connection to the container's systemd, to act behind a resource's back.</summary>
    public SystemdManager Manager => _manager ?? throw new InvalidOperationException("the container is not running");

    /// <summary>Skips the calling test when the container is not available.</summary>
    public void Require()
    {
        if (Unavailable is not null) Assert.Skip(Unavailable);
    }

    /// <summary>A unit-name-safe name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Writes a unit file into the container's /etc/systemd/system.</summary>
    public string WriteUnit(string unit, string content)
    {
        var path = Root + "/etc/systemd/system/" + unit;
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A service that runs until it is stopped.</summary>
    public static string SleepingService(string description = "mgmt test service") =>
        $"[Unit]\nDescription={description}\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n";

    /// <summary>
    /// Starts root's own manager in the container (<c>systemd --user</c>, with its session bus) and returns where
    /// root's user unit files go, as seen from the host.
    /// </summary>
    public async Task<string> StartUserManagerAsync(CancellationToken cancel)
    {
        await Manager.StartUnitAsync("user@0.service", cancel);
        // The bus socket appears before systemd --user has taken its name on it: wait until the manager answers.
        using var probe = NewConnections();
        for (var i = 0; ; i++)
        {
            try
            {
                await probe.GetAsync(SystemdScope.User, cancel);
                break;
            }
            catch (SystemdUnavailableException) when (i < 200)
            {
                await Task.Delay(50, cancel);
            }
        }
        var units = Root + "/root/.config/systemd/user";
        Directory.CreateDirectory(units);
        return units;
    }

    /// <summary>A fresh connection set for one resource under test, pointed at the container.</summary>
    public SystemdConnections NewConnections() => new(Settings);

    public async ValueTask InitializeAsync()
    {
        if (Posix.EffectiveUid != 0)
        {
            Unavailable = "the systemd tests boot a container with systemd-nspawn, which needs root";
            return;
        }
        var script = FindScript();
        var dir = Environment.GetEnvironmentVariable("MGMT_TEST_CONTAINER_DIR") is { Length: > 0 } d ? d : await DefaultDirectoryAsync(script);
        if (!File.Exists(dir + "/.mgmt-container-ready") && Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            // .ci/run builds it before the tests; this only covers a CI run started some other way.
            await RunScriptAsync(script, "build", dir);
        }
        if (!File.Exists(dir + "/.mgmt-container-ready"))
        {
            Unavailable = $"no systemd test container in {dir}: build it once with 'sudo {script} build' (about a minute), then run the tests again";
            return;
        }
        await BootAsync(script, dir);
    }

    private async Task BootAsync(string script, string dir)
    {
        _logPath = Path.Combine(Path.GetTempPath(), $"mgmt-systemd-container-{Environment.ProcessId}.log");
        var start = new ProcessStartInfo("bash", [script, "boot", dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["MGMT_TEST_CONTAINER_LOG"] = _logPath;
        _boot = Process.Start(start) ?? throw new InvalidOperationException("could not start " + script);
        var stderr = _boot.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(BootPatience);
        string? line;
        try
        {
            line = await _boot.StandardOutput.ReadLineAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }
        if (line is null || !line.StartsWith("LEADER ", StringComparison.Ordinal))
        {
            await StopAsync();
            throw new InvalidOperationException($"the systemd test container did not boot: {await stderr}{Log()}");
        }
        var leader = int.Parse(line["LEADER ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        _nspawnPid = ParentOf(leader);
        Root = $"/proc/{leader}/root";
        Settings = new SystemdSettings
        {
            SystemBusAddress = $"unix:path={Root}/run/dbus/system_bus_socket",
            SessionBusAddress = $"unix:path={Root}/run/user/0/bus",
            RootDirectory = Root,
        };
        try
        {
            _manager = await ConnectWhenReadyAsync(patience.Token);
        }
        catch (Exception e)
        {
            await StopAsync();
            throw new InvalidOperationException($"the systemd test container booted but its systemd did not come up: {e.Message}{Log()}", e);
        }
    }

    // The bus socket appears a moment after init starts; the manager is ready for jobs once it left "initializing".
    private async Task<SystemdManager> ConnectWhenReadyAsync(CancellationToken cancel)
    {
        var socket = Root + "/run/dbus/system_bus_socket";
        while (true)
        {
            if (File.Exists(socket))
            {
                try
                {
                    var manager = await SystemdManager.ConnectAsync(SystemdScope.System, Settings.AddressOf(SystemdScope.System), cancel);
                    while (await manager.GetSystemStateAsync(cancel) is "initializing" or "starting")
                    {
                        await Task.Delay(100, cancel);
                    }
                    return manager;
                }
                catch (SystemdUnavailableException)
                {
                    // dbus-daemon is up before systemd registers on it; try again shortly.
                }
            }
            await Task.Delay(50, cancel);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        _manager?.Dispose();
        _manager = null;
        if (_boot is null) return;
        // The script stops the container in order on SIGTERM; if anything lingers, it is killed by its id.
        Posix.Kill(_boot.Id, Signals.Term);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _boot.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Posix.Kill(_boot.Id, Signals.Kill);
        }
        if (_nspawnPid > 0 && IsNspawn(_nspawnPid)) Posix.Kill(_nspawnPid, Signals.Kill);
        _boot.Dispose();
        _boot = null;
        if (_logPath is not null) File.Delete(_logPath);
    }

    private string Log()
    {
        if (_logPath is null || !File.Exists(_logPath)) return "";
        var lines = File.ReadAllLines(_logPath);
        return "\ncontainer console:\n" + string.Join('\n', lines.TakeLast(30));
    }

    private static int ParentOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("PPid:", StringComparison.Ordinal)) return int.Parse(line[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }

    private static bool IsNspawn(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "systemd-nspawn";
        }
        catch (IOException)
        {
            return false;
        }
    }

    // The script knows where its root goes by default (the directory's name carries the root's version).
    private static async Task<string> DefaultDirectoryAsync(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "dir"]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("could not start " + script);
        var dir = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        return dir;
    }

    private static async Task RunScriptAsync(string script, string command, string dir)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, dir]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("could not start " + script);
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} {command} failed: {errors}");
    }

    // Found above the test binary, or above this source file (for a build made outside the checkout).
    private static string FindScript([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) ?? "/" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "support", "systemd-container.sh");
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new InvalidOperationException("tests/support/systemd-container.sh was not found above " + AppContext.BaseDirectory);
    }
}
