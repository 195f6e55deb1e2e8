namespace Mgmt.Platform.Processes;

/// <summary>Runs a command to completion (see <see cref="RunningProcess"/> for the details).</summary>
public static class ProcessRunner
{
    /// <summary>
    /// Starts the command and waits for it. <paramref name="started"/> receives the running process (for example
    /// to interrupt it from elsewhere) and is called again with null when it is over.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancel, Action<RunningProcess?>? started = null)
    {
        cancel.ThrowIfCancellationRequested();
        using var process = RunningProcess.Start(spec);
        started?.Invoke(process);
        try
        {
            return await process.WaitAsync(cancel).ConfigureAwait(false);
        }
        finally
        {
            started?.Invoke(null);
        }
    }
}
