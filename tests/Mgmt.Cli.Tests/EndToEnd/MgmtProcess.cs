using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Mgmt.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>mgmt</c> binary (the build output copied next to the tests) running as a child process, with
/// its output collected line by line so a test can wait for a log line, send signals, and check the exit code.
/// </summary>
internal sealed class MgmtProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _lines = new(0);

    private MgmtProcess(Process process) => _process = process;

    public static string Binary => Path.Combine(AppContext.BaseDirectory, "mgmt");

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_lock) return _output.ToString();
        }
    }

    public string Stderr
    {
        get
        {
            lock (_lock) return _errors.ToString();
        }
    }

    /// <summary>
    /// Starts mgmt; <paramref name="stdin"/>, when given, is written to its standard input, which is then closed.
    /// With <paramref name="sigintIgnored"/> mgmt starts with SIGINT ignored, as a command started in the background
    /// of a non-interactive shell does (a shell in between sets it, then execs mgmt, so the process id is mgmt's).
    /// </summary>
    public static MgmtProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, string? stdin = null,
        bool sigintIgnored = false)
    {
        var info = new ProcessStartInfo(sigintIgnored ? "/bin/sh" : Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        if (sigintIgnored)
        {
            foreach (var a in (string[])["-c", "trap '' INT; exec \"$0\" \"$@\"", Binary]) info.ArgumentList.Add(a);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        // The agent's own variables must come from the test only.
        foreach (var name in new[] { "MGMT_PREFIX", "MGMT_CONVERGER_TIMEOUT", "MGMT_MAX_RUNTIME" }) info.Environment.Remove(name);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var p = new MgmtProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        p._process.OutputDataReceived += (_, e) => p.Append(p._output, e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Append(p._errors, e.Data);
        p._process.Start();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        if (stdin is not null)
        {
            p._process.StandardInput.Write(stdin);
            p._process.StandardInput.Close();
        }
        return p;
    }

    /// <summary>Runs mgmt to completion (at most <paramref name="timeoutSeconds"/>) and returns its exit code.</summary>
    public static async Task<(int Code, MgmtProcess Process)> RunAsync(IEnumerable<string> args, int timeoutSeconds = 60, IReadOnlyDictionary<string, string>? environment = null)
    {
        var p = Start(args, environment);
        var code = await p.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        return (code, p);
    }

    /// <summary>Waits until stderr has a line containing <paramref name="text"/>; fails the test on timeout or exit.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan? timeout = null, int occurrences = 1)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (Count(Stderr, text) >= occurrences) return;
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                if (Count(Stderr, text) >= occurrences) return;
                throw new Xunit.Sdk.XunitException($"mgmt exited ({_process.ExitCode}) before logging '{text}'. Its log:\n{Stderr}");
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new Xunit.Sdk.XunitException($"mgmt did not log '{text}' in time. Its log:\n{Stderr}");
            await _lines.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Sends a POSIX signal (SIGINT = 2, SIGTERM = 15).</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; kills the process and fails the test when it does not exit in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"mgmt did not exit within {timeout}. Its log:\n{Stderr}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line is null) return;
        lock (_lock) to.Append(line).Append('\n');
        _lines.Release();
    }

    private static int Count(string haystack, string needle)
    {
        var n = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
