using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Hygiene: the temporary files that a killed writer left next to the managed file.
public sealed partial class FileResource
{
    private bool _leftoversRemoved;

    /// <summary>
    /// Once per resource, at its first applying check: removes the stale temporary files of its own path
    /// (<c>.NAME.HEX.mgmt-tmp</c>, see <see cref="StaleTemporaryFiles"/>), which a process killed while replacing
    /// the file left behind. The agent shares one <see cref="StaleTemporaryFiles"/>, so a directory is listed once.
    /// </summary>
    private void RemoveLeftovers()
    {
        if (_leftoversRemoved || IsDirectory) return;
        _leftoversRemoved = true;
        var leftovers = Context.Services.GetService(typeof(StaleTemporaryFiles)) as StaleTemporaryFiles ?? new StaleTemporaryFiles();
        foreach (var removed in leftovers.RemoveFor(EntryPath)) FileLog.RemovedLeftover(Context.Logger, removed);
    }
}
