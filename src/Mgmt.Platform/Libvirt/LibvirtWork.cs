namespace Mgmt.Platform.Libvirt;

/// <summary>
/// Runs blocking libvirt work off the thread pool. A libvirt call may wait seconds on a hypervisor (starting a
/// qemu domain takes about five), so each piece of work gets a dedicated thread; the error state libvirt keeps
/// per thread stays consistent because a piece of work runs on one thread from start to end.
/// </summary>
public static class LibvirtWork
{
    /// <summary>Runs <paramref name="work"/> on a dedicated thread. Cancellation only prevents a start.</summary>
    public static Task<T> RunAsync<T>(Func<T> work, CancellationToken cancel = default) =>
        Task.Factory.StartNew(work, cancel, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    /// <summary>Runs <paramref name="work"/> on a dedicated thread. Cancellation only prevents a start.</summary>
    public static Task RunAsync(Action work, CancellationToken cancel = default) =>
        Task.Factory.StartNew(work, cancel, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
}
