using System.ComponentModel;
using System.Diagnostics;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;
using Microsoft.Extensions.Logging;

namespace Mgmt.Lang.Core.OsFunctions;

/// <summary>
/// <c>os.system(cmd)</c>: runs the command with <c>sh -c</c> and emits each line it prints on stdout. A new command
/// kills the previous one (with its children) and starts over; so does removing the node. Lines on stderr go to
/// the log. Downstream may skip lines when they come faster than the graph consumes them.
/// </summary>
internal sealed class SystemStream : StreamNode
{
    protected override Task RunCoreAsync(IFunctionStream stream, CancellationToken cancel) =>
        StreamLoop.ForEachInputAsync(stream, cancel, (args, token) => RunCommandAsync(stream, args[0].AsStr(), token));

    private async Task RunCommandAsync(IFunctionStream stream, string command, CancellationToken cancel)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new FunctionException($"os.system could not start: {command}");
        }
        catch (Win32Exception e)
        {
            throw new FunctionException($"os.system could not start /bin/sh: {e.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var errors = LogErrorsAsync(process, command, cancel);
            try
            {
                while (await process.StandardOutput.ReadLineAsync(cancel).ConfigureAwait(false) is { } line)
                {
                    await stream.EmitAsync(Value.Str(line)).ConfigureAwait(false);
                }
                await process.WaitForExitAsync(cancel).ConfigureAwait(false);
                await errors.ConfigureAwait(false);
            }
            finally
            {
                if (!process.HasExited)
                {
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // It exited between the check and the kill.
                    }
                }
            }
            if (process.ExitCode != 0) Context.Logger.LogWarning("os.system: {Command} exited with status {Status}", command, process.ExitCode);
        }
    }

    private async Task LogErrorsAsync(Process process, string command, CancellationToken cancel)
    {
        try
        {
            while (await process.StandardError.ReadLineAsync(cancel).ConfigureAwait(false) is { } line)
            {
                Context.Logger.LogInformation("os.system: {Command}: stderr: {Line}", command, line);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
