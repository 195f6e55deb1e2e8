using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Mgmt.Cli.Tests.EndToEnd;

namespace Mgmt.Cli.Tests.VirtDemos;

/// <summary>
/// A virt resource that cannot reach its hypervisor, or a machine without libvirt at all, through the real binary:
/// each virt resource fails with a message saying why, and the rest of the graph is applied and keeps running.
/// </summary>
public sealed class VirtFaultTests : IDisposable
{
    private const string UnreachableUri = "test+unix:///default?socket=/nonexistent/mgmt-virt-fault.sock";

    private readonly string _dir = Directory.CreateTempSubdirectory("mgmt-virt-fault-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Witness => Path.Combine(_dir, "witness");

    private string FineState => Path.Combine(_dir, "vm-fine.state");

    /// <summary>A graph of a virt that cannot work, a virt that can (when libvirt is there) and a file that needs neither.</summary>
    private string WriteProgram()
    {
        var program = Path.Combine(_dir, "faults.mcl");
        File.WriteAllText(program, $$"""
            virt "fault-unreachable" {
            	uri => "{{UnreachableUri}}",
            	state => "running",
            	cpus => 1,
            	memory => 65536,
            }
            virt "fault-fine" {
            	uri => "test:///default",
            	state => "running",
            	cpus => 1,
            	memory => 65536,
            	transient => true,
            }
            file "{{Witness}}" {
            	state => "exists",
            	content => "applied\n",
            }
            file "{{FineState}}" {
            	state => "exists",
            }
            Virt["fault-fine"].state -> File["{{FineState}}"].content
            """);
        return program;
    }

    [Fact]
    public async Task An_unreachable_hypervisor_fails_its_resource_only()
    {
        VirtDemo.RequireLibvirt();
        await using var mgmt = MgmtProcess.Start(["run", "--tmp-prefix", "lang", WriteProgram()]);
        await mgmt.WaitForLogAsync(
            $"virt[fault-unreachable]: failed: Watch failed: cannot connect to '{UnreachableUri}': Failed to connect socket to '/nonexistent/mgmt-virt-fault.sock': No such file or directory");
        // The other virt of the same agent, and the file, are applied all the same.
        await VirtDemo.Eventually(() => Task.FromResult(VirtDemo.Read(Witness) == "applied\n"), "the witness file");
        await VirtDemo.Eventually(() => Task.FromResult(VirtDemo.Read(FineState) == "running"), "the reachable domain to run");
        Assert.False(mgmt.HasExited, "the agent stopped because of one failed resource");
        Assert.DoesNotContain("   at ", mgmt.Stderr, StringComparison.Ordinal); // a message, not a stack trace
        mgmt.Signal(15);
        await mgmt.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Without_libvirt_each_virt_says_what_to_install_and_the_rest_runs()
    {
        VirtDemo.RequireLibvirt();
        var library = LoadedLibvirtPath();
        if (Environment.UserName != "root") Assert.Skip("hiding libvirt in a private mount namespace needs root; CI runs as root");
        if (!File.Exists("/usr/bin/unshare")) Assert.Skip("unshare (util-linux) is missing; CI has it");
        // The agent runs in a mount namespace of its own where libvirt's library is an empty device: exactly what a
        // machine without libvirt0 looks like to it, while the rest of the host is untouched.
        using var mgmt = new HiddenLibvirtAgent(library, ["run", "--tmp-prefix", "lang", WriteProgram()]);
        foreach (var name in new[] { "fault-unreachable", "fault-fine" })
        {
            await mgmt.WaitForErrorAsync(
                $"virt[{name}]: failed for good: Init failed: libvirt is not installed (libvirt.so.0 cannot be loaded): install it (on Debian: apt-get install libvirt0)");
        }
        await VirtDemo.Eventually(() => Task.FromResult(VirtDemo.Read(Witness) == "applied\n"), "the witness file");
        Assert.False(mgmt.HasExited, "the agent stopped because libvirt is missing");
        // The file that waits for a virt's state is not applied: its parent failed.
        Assert.False(File.Exists(FineState));
        Assert.DoesNotContain("   at ", mgmt.Errors, StringComparison.Ordinal);
    }

    /// <summary>The file the dynamic loader opens for libvirt.so.0 here (loaded into this process to find out).</summary>
    private static string LoadedLibvirtPath()
    {
        NativeLibrary.Free(NativeLibrary.Load("libvirt.so.0"));
        NativeLibrary.Load("libvirt.so.0"); // kept loaded so that the mapping below is still there
        var mapped = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).StartsWith("libvirt.so.0", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .FirstOrDefault();
        return mapped ?? throw new InvalidOperationException("libvirt.so.0 loads, but /proc/self/maps does not show its file");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The mgmt binary under <c>unshare -m</c>, with <paramref name="library"/> covered by /dev/null.</summary>
    private sealed class HiddenLibvirtAgent : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _errors = new();
        private readonly Lock _lock = new();

        public HiddenLibvirtAgent(string library, IEnumerable<string> args)
        {
            var info = new ProcessStartInfo("/usr/bin/unshare")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            foreach (var a in new[] { "--mount", "--propagation", "private", "--", "/bin/sh", "-c", "mount --bind /dev/null \"$0\" && exec \"$@\"", library, MgmtProcess.Binary })
            {
                info.ArgumentList.Add(a);
            }
            foreach (var a in args) info.ArgumentList.Add(a);
            foreach (var name in new[] { "MGMT_PREFIX", "MGMT_CONVERGER_TIMEOUT", "MGMT_MAX_RUNTIME" }) info.Environment.Remove(name);
            _process = new Process { StartInfo = info };
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_lock) _errors.Append(e.Data).Append('\n');
            };
            _process.OutputDataReceived += (_, _) => { };
            _process.Start();
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
        }

        public string Errors
        {
            get
            {
                lock (_lock) return _errors.ToString();
            }
        }

        public bool HasExited => _process.HasExited;

        public async Task WaitForErrorAsync(string text)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!Errors.Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited && !Errors.Contains(text, StringComparison.Ordinal))
                {
                    await _process.WaitForExitAsync(Ct);
                    if (Errors.Contains("mount:", StringComparison.Ordinal) || Errors.Contains("unshare:", StringComparison.Ordinal)) Assert.Skip($"this machine refuses a private mount namespace: {Errors}");
                    Assert.Fail($"mgmt exited ({_process.ExitCode}) before logging '{text}'. Its log:\n{Errors}");
                }
                if (DateTime.UtcNow > deadline) Assert.Fail($"mgmt did not log '{text}' in time. Its log:\n{Errors}");
                await Task.Delay(50, Ct);
            }
        }

        /// <summary>Stops the agent as a user would (SIGTERM, so it removes its temporary prefix), killing it if it hangs.</summary>
        public void Dispose()
        {
            if (!_process.HasExited && (Kill(_process.Id, 15) != 0 || !_process.WaitForExit(TimeSpan.FromSeconds(30))))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
