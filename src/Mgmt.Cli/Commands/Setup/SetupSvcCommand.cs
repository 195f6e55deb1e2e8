using System.Text;
using Mgmt.Cli.CommandLine;
using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;

namespace Mgmt.Cli.Commands.Setup;

/// <summary>
/// <c>mgmt setup svc</c>: the agent's systemd service for machines without the Debian package. Without
/// <c>--install</c> it prints the unit; with it, it writes the unit and (when missing) /etc/default/mgmt, then
/// reloads systemd, and with <c>--enable</c>/<c>--start</c> enables and starts the service.
/// </summary>
public sealed class SetupSvcCommand : Command
{
    public SetupSvcCommand()
    {
        Install = AddFlag(new SwitchFlag("--install", "write the unit and /etc/default/mgmt (kept when it exists) and reload systemd"));
        Enable = AddFlag(new SwitchFlag("--enable", "with --install: start the service at boot"));
        Start = AddFlag(new SwitchFlag("--start", "with --install: start (or restart) the service now"));
        Defaults = AddFlag(new SwitchFlag("--defaults", "print the settings file /etc/default/mgmt instead of the unit"));
        BinaryPath = AddFlag(new TextFlag("--binary-path", "the mgmt binary the service runs (default: this one)", "FILE"));
        Root = AddFlag(new TextFlag("--root", "with --install: write under DIR instead of / (an image being built); systemctl is not run", "DIR"));
    }

    public override string Name => "svc";

    public override string Summary => "print or install the systemd service that runs the agent";

    public override string Details =>
        "Prints the systemd unit that runs 'mgmt run $MGMT_FLAGS $MGMT_INPUT', with the input set in /etc/default/mgmt " +
        "(empty by default: the agent runs what the cluster deploys). With --install it writes the unit to " +
        "/etc/systemd/system/mgmt.service and /etc/default/mgmt (an existing one is kept), then runs systemctl " +
        "daemon-reload; --enable and --start enable and start it. The Debian package installs the same files.";

    public SwitchFlag Install { get; }

    public SwitchFlag Enable { get; }

    public SwitchFlag Start { get; }

    public SwitchFlag Defaults { get; }

    public TextFlag BinaryPath { get; }

    public TextFlag Root { get; }

    public override void Validate()
    {
        if (!Install.Value && (Enable.Value || Start.Value)) throw new UsageException("--enable and --start go with --install", this);
        if (Install.Value && Defaults.Value) throw new UsageException("--defaults prints the settings file; it does not go with --install", this);
        if (Root.Value is not null && (!Install.Value || Enable.Value || Start.Value))
        {
            throw new UsageException("--root goes with --install alone: the service of another root cannot be enabled or started from here", this);
        }
        if (BinaryPath.Value is { } b && !System.IO.Path.IsPathFullyQualified(b)) throw new UsageException($"--binary-path expects an absolute path, got '{b}'", this);
    }

    public override async Task<int> RunAsync(CommandInvocation invocation)
    {
        var binary = BinaryPath.Value ?? Environment.ProcessPath ?? "/usr/bin/mgmt";
        if (!Install.Value)
        {
            invocation.Out.Write(Defaults.Value ? ServiceFiles.Defaults : ServiceFiles.Unit(binary));
            return ExitCodes.Ok;
        }
        var root = Root.Value ?? "";
        var unitPath = root + "/etc/systemd/system/" + ServiceFiles.UnitName;
        var defaultsPath = root + ServiceFiles.DefaultsPath;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(unitPath)!);
            AtomicFile.Write(unitPath, Encoding.UTF8.GetBytes(ServiceFiles.Unit(binary)), new AtomicWriteOptions { Mode = 0b110_100_100 });
            invocation.Out.WriteLine($"wrote {unitPath}");
            if (!File.Exists(defaultsPath))
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(defaultsPath)!);
                AtomicFile.Write(defaultsPath, Encoding.UTF8.GetBytes(ServiceFiles.Defaults), new AtomicWriteOptions { Mode = 0b110_100_100 });
                invocation.Out.WriteLine($"wrote {defaultsPath}");
            }
            else
            {
                invocation.Out.WriteLine($"kept {defaultsPath}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            invocation.Error.WriteLine($"mgmt: error: cannot install the service: {e.Message} (installing needs root)");
            return ExitCodes.Failure;
        }
        if (Root.Value is not null) return ExitCodes.Ok;
        string[][] steps = [["daemon-reload"]];
        if (Enable.Value) steps = [.. steps, ["enable", ServiceFiles.UnitName]];
        if (Start.Value) steps = [.. steps, ["restart", ServiceFiles.UnitName]];
        foreach (var step in steps)
        {
            var result = await ProcessRunner.RunAsync(new ProcessSpec { Command = "systemctl", Args = step, Timeout = TimeSpan.FromMinutes(2) }, invocation.Cancel).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                invocation.Error.WriteLine($"mgmt: error: systemctl {string.Join(' ', step)} failed: {result.Tail()}");
                return ExitCodes.Failure;
            }
        }
        invocation.Out.WriteLine(Start.Value ? "mgmt.service is running" : $"installed; start it with: systemctl {(Enable.Value ? "start" : "enable --now")} mgmt");
        return ExitCodes.Ok;
    }
}
