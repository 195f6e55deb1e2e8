using System.Diagnostics;
using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Tests.Support;

/// <summary><c>tsleep</c>: runs a real <c>sleep</c> process in CheckApply. Cancellation and Interrupt kill it.</summary>
[ResourceKind("tsleep")]
public sealed class SleepResource : Resource, IInterruptible
{
    private Process? _process;

    [Param("seconds")] public long Seconds { get; set; } = 1;

    [Param("journal")] public string Journal { get; set; } = "";

    /// <summary>Ignore the cancellation token: only Interrupt stops the process early.</summary>
    [Param("stubborn")] public bool Stubborn { get; set; }

    public override Task WatchAsync(CancellationToken cancel)
    {
        Context.Running();
        return Task.Delay(Timeout.Infinite, cancel).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var log = Support.Journal.Of(Journal);
        log.Add(Name, "start");
        using var process = Process.Start(new ProcessStartInfo("sleep", Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        _process = process;
        try
        {
            await process.WaitForExitAsync(Stubborn ? CancellationToken.None : cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            log.Add(Name, "killed");
            throw;
        }
        finally
        {
            _process = null;
            log.Add(Name, "end", detail: process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"sleep exited with {process.ExitCode}");
        return true;
    }

    public void Interrupt()
    {
        try
        {
            _process?.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
