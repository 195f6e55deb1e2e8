using System.Globalization;
using System.Security.Cryptography;
using Mgmt.Platform.Processes;

namespace Mgmt.Resources;

// The remote side, each step one short shell command over SSH: the working directory, the binary, starting the
// agent detached (setsid) with its pid and log in the working directory, asking whether it runs, stopping it.
public sealed partial class RemoteResource
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    /// <summary>The absolute working directory there, made when <paramref name="create"/>; null when it does not exist (noop).</summary>
    private async Task<string?> WorkDirectoryAsync(bool create, CancellationToken cancel)
    {
        if (_workDirectory is not null) return _workDirectory;
        var dir = $"\"$HOME/.mgmt/remote/{Id}\"";
        var script = create ? $"umask 077 && mkdir -p {dir} && cd {dir} && pwd -P" : $"if cd {dir} 2>/dev/null; then pwd -P; fi";
        var result = await Target.RunAsync(script, cancel).ConfigureAwait(false);
        var path = result.Stdout.Trim();
        if (!create && result.Succeeded && path.Length == 0) return null;
        if (!result.Succeeded || !path.StartsWith('/') || path.Contains('\n'))
        {
            throw new IOException($"cannot make the working directory ~/.mgmt/remote/{Id} on {Target.Display}: {result.Tail(3)}");
        }
        return _workDirectory = path;
    }

    /// <summary>True when the pid file names a live process that is this resource's agent (its prefix is in its command line).</summary>
    private async Task<bool> IsRunningAsync(string wd, CancellationToken cancel)
    {
        var q = SshTarget.Quote(wd);
        var script =
            $"pid=$(cat {q}/pid 2>/dev/null) || exit 1; case \"$pid\" in ''|*[!0-9]*) exit 1;; esac; " +
            $"kill -0 \"$pid\" 2>/dev/null || exit 1; tr '\\0' ' ' < /proc/$pid/cmdline | grep -qF -- {SshTarget.Quote(wd + "/prefix")}";
        var result = await Target.RunAsync(script, cancel).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>The exit status of a transient agent that ended by itself; null while it runs or when it never ran.</summary>
    private async Task<int?> ExitStatusAsync(string wd, CancellationToken cancel)
    {
        var result = await Target.RunAsync($"cat {SshTarget.Quote(wd + "/exit")} 2>/dev/null", cancel).ConfigureAwait(false);
        return int.TryParse(result.Stdout.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null;
    }

    private async Task StartAsync(string wd, CancellationToken cancel)
    {
        var binary = await BinaryAsync(wd, cancel).ConfigureAwait(false);
        var hostname = Hostname;
        if (hostname.Length == 0)
        {
            var named = await Target.RunAsync("uname -n", cancel).ConfigureAwait(false);
            hostname = named.Stdout.Trim();
            if (!named.Succeeded || hostname.Length == 0) throw new IOException($"cannot read the host name of {Target.Display}: {named.Tail(3)}; set 'hostname'");
        }
        var q = (string s) => SshTarget.Quote(s);
        var args = new List<string> { q(binary), "run", "--hostname", q(hostname), "--prefix", q(wd + "/prefix") };
        if (Seeds.Length > 0) args.AddRange(["--seeds", q(Tunnelled ? $"http://{TunnelAddr}" : Seeds), "--no-server"]);
        if (ConvergerTimeout is { } timeout) args.AddRange(["--converged-exit", $"--converger-timeout={timeout}"]);
        args.Add("empty");
        var run = $"{string.Join(' ', args)} > {q(wd + "/mgmt.log")} 2>&1 < /dev/null";
        // With a converger timeout the agent ends by itself: a shell waits for it and keeps its exit status.
        var wrapper = ConvergerTimeout is not null
            ? $"{run} & pid=$!; echo \"$pid\" > {q(wd + "/pid")}; wait \"$pid\"; echo $? > {q(wd + "/exit.tmp")}; mv {q(wd + "/exit.tmp")} {q(wd + "/exit")}"
            : $"{run} & echo $! > {q(wd + "/pid")}";
        var started = await Target.RunAsync($"rm -f {q(wd + "/exit")} {q(wd + "/pid")}; setsid sh -c {q(wrapper)} > /dev/null 2>&1 < /dev/null &", cancel).ConfigureAwait(false);
        if (!started.Succeeded) throw new IOException($"cannot start mgmt on {Target.Display}: {started.Tail(3)}");
        // It must still run a moment later: a bad flag, no cluster at the seeds... end it at once.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
            if (await IsRunningAsync(wd, cancel).ConfigureAwait(false))
            {
                var pid = (await Target.RunAsync($"cat {q(wd + "/pid")}", cancel).ConfigureAwait(false)).Stdout.Trim();
                RemoteLog.Started(Context.Logger, Target.Display, hostname, pid, wd + "/mgmt.log");
                return;
            }
        }
        var log = await Target.RunAsync($"tail -n 5 {q(wd + "/mgmt.log")}", cancel).ConfigureAwait(false);
        throw new IOException($"mgmt on {Target.Display} stopped right after it started; the end of its log:\n{log.Stdout.TrimEnd()}");
    }

    /// <summary>The mgmt to run there: <see cref="MgmtPath"/>, or this agent's own binary, copied when the copy there differs.</summary>
    private async Task<string> BinaryAsync(string wd, CancellationToken cancel)
    {
        if (MgmtPath.Length > 0)
        {
            var there = await Target.RunAsync($"test -x {SshTarget.Quote(MgmtPath)}", cancel).ConfigureAwait(false);
            if (!there.Succeeded) throw new IOException($"mgmt_path '{MgmtPath}' is not an executable file on {Target.Display}");
            return MgmtPath;
        }
        var local = Environment.ProcessPath ?? throw new IOException("cannot tell where this mgmt binary is; set mgmt_path");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "Mgmt.Cli.dll")))
        {
            throw new IOException($"this mgmt ({local}) is not a single-file build, so it cannot be copied alone: install mgmt on {Target.Display} and set mgmt_path");
        }
        var remote = wd + "/mgmt";
        string localHash;
        await using (var stream = File.OpenRead(local)) localHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancel).ConfigureAwait(false));
        var remoteHash = await Target.RunAsync($"sha256sum {SshTarget.Quote(remote)} 2>/dev/null", cancel).ConfigureAwait(false);
        if (Caching && remoteHash.Stdout.StartsWith(localHash, StringComparison.Ordinal)) return remote;
        await Target.CopyAsync(local, remote + ".tmp", cancel).ConfigureAwait(false);
        var placed = await Target.RunAsync($"chmod 700 {SshTarget.Quote(remote + ".tmp")} && mv {SshTarget.Quote(remote + ".tmp")} {SshTarget.Quote(remote)}", cancel).ConfigureAwait(false);
        if (!placed.Succeeded) throw new IOException($"cannot put mgmt in place on {Target.Display}: {placed.Tail(3)}");
        RemoteLog.Copied(Context.Logger, local, Target.Display, remote);
        return remote;
    }

    /// <summary>SIGINT (a clean stop), then SIGKILL after the grace time; removes the working directory unless caching.</summary>
    private async Task StopAsync(string wd, CancellationToken cancel)
    {
        var q = SshTarget.Quote(wd);
        var seconds = (int)StopGrace.TotalSeconds;
        var script =
            $"pid=$(cat {q}/pid 2>/dev/null) || exit 0; case \"$pid\" in ''|*[!0-9]*) exit 0;; esac; kill -INT \"$pid\" 2>/dev/null; " +
            $"i=0; while kill -0 \"$pid\" 2>/dev/null && [ $i -lt {seconds} ]; do sleep 1; i=$((i+1)); done; kill -KILL \"$pid\" 2>/dev/null; rm -f {q}/pid; " +
            (Caching ? "true" : $"rm -rf {q}");
        var result = await Target.RunAsync(script, cancel).ConfigureAwait(false);
        if (!result.Succeeded) throw new IOException($"cannot stop mgmt on {Target.Display}: {result.Tail(3)}");
        if (!Caching) _workDirectory = null;
        RemoteLog.Stopped(Context.Logger, Target.Display);
    }

    /// <summary>
    /// Holds the reverse tunnel (when the agent reaches the seeds through one), checks every few seconds that the
    /// remote agent is still in the wanted state, and, for a transient agent, stops it when the resource stops.
    /// </summary>
    public override async Task WatchAsync(CancellationToken cancel)
    {
        RunningProcess? tunnel = null;
        Task<ProcessResult>? tunnelEnded = null;
        try
        {
            if (State == StateRunning && Tunnelled && Seeds.Length > 0)
            {
                var seed = new Uri(Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries)[0]);
                var forward = $"{TunnelAddr}:{seed.Host}:{seed.Port}";
                tunnel = RunningProcess.Start(new ProcessSpec { Name = "ssh", Command = "ssh", Args = Target.TunnelArgs(forward), CancelSignal = Signals.Term });
                tunnelEnded = tunnel.WaitAsync(CancellationToken.None);
                // ExitOnForwardFailure: a tunnel that cannot be set up ends ssh within the login time.
                if (await Task.WhenAny(tunnelEnded, Task.Delay(TimeSpan.FromSeconds(2), cancel)).ConfigureAwait(false) == tunnelEnded)
                {
                    throw new IOException($"cannot open the SSH tunnel {forward} to {Target.Display}: {(await tunnelEnded.ConfigureAwait(false)).Tail(3)}");
                }
            }
            Context.Running();
            bool? wasRunning = null;
            using var timer = new PeriodicTimer(PollInterval, Context.Time);
            while (true)
            {
                var tick = timer.WaitForNextTickAsync(cancel).AsTask();
                if (tunnelEnded is not null && await Task.WhenAny(tick, tunnelEnded).ConfigureAwait(false) == tunnelEnded)
                {
                    throw new IOException($"the SSH tunnel to {Target.Display} closed: {(await tunnelEnded.ConfigureAwait(false)).Tail(3)}");
                }
                await tick.ConfigureAwait(false);
                bool? running;
                try
                {
                    running = _workDirectory is { } wd ? await IsRunningAsync(wd, cancel).ConfigureAwait(false) : null;
                }
                catch (IOException e)
                {
                    RemoteLog.Problem(Context.Logger, e.Message);
                    running = null;
                }
                if (running != wasRunning) Context.Event();
                wasRunning = running;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            if (Transient && State == StateRunning && _workDirectory is { } wd)
            {
                using var stopping = new CancellationTokenSource(StopGrace + TimeSpan.FromSeconds(30));
                try
                {
                    await StopAsync(wd, stopping.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ProcessStartException)
                {
                    RemoteLog.Problem(Context.Logger, $"could not stop the transient mgmt on {Target.Display}: {e.Message}");
                }
            }
            if (tunnel is not null)
            {
                tunnel.SignalGroup(Signals.Term);
                try
                {
                    await tunnelEnded!.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    tunnel.Interrupt();
                }
                tunnel.Dispose();
            }
        }
    }
}
