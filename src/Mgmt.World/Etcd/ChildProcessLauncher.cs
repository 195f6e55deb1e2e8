using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mgmt.World.Etcd;

/// <summary>
/// Starts child processes that die with us. Each child is started through <c>setpriv --pdeathsig KILL</c>
/// (util-linux), so the kernel kills it when its parent goes away, even when the agent is SIGKILLed. The
/// kernel ties that signal to the parent <em>thread</em>, not the process: so every child is forked from one
/// dedicated thread that lives as long as the launcher, never from a thread-pool thread that may retire.
/// </summary>
internal sealed partial class ChildProcessLauncher : IDisposable
{
    private const string SetPriv = "/usr/bin/setpriv";
    private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Done)> _requests = new();
    private readonly Thread _thread;

    public ChildProcessLauncher()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "mgmt child launcher" };
        _thread.Start();
    }

    /// <summary>True when children die with the agent; false when setpriv is missing (they are still stopped on a
    /// clean shutdown, but would outlive a SIGKILL of the agent).</summary>
    public static bool CanTieToParent => File.Exists(SetPriv);

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/>, stdout and stderr redirected.</summary>
    public Task<Process> StartAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo
        {
            FileName = CanTieToParent ? SetPriv : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (CanTieToParent)
        {
            foreach (var arg in new[] { "--pdeathsig", "KILL", "--", program })
            {
                start.ArgumentList.Add(arg);
            }
        }
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }
        var done = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((start, done));
        return done.Task;
    }

    /// <summary>Asks a process to stop (SIGTERM).</summary>
    public static void Terminate(Process process)
    {
        if (!process.HasExited)
        {
            _ = SendSignal(process.Id, 15);
        }
    }

    public void Dispose()
    {
        _requests.CompleteAdding();
        _thread.Join();
        _requests.Dispose();
    }

    private void Run()
    {
        foreach (var (start, done) in _requests.GetConsumingEnumerable())
        {
            try
            {
                done.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}"));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
