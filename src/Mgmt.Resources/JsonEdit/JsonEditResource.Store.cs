using System.Text;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// Reading and writing the document where it lives.
public sealed partial class JsonEditResource
{
    private async Task<string> ReadAsync(CancellationToken cancel)
    {
        if (TheStore.IsWorld)
        {
            var value = await ClusterWorld.CallAsync(Context, ct => _world!.GetStringAsync(TheStore.Location, ct), cancel, _stopping).ConfigureAwait(false);
            return value ?? "{}";
        }
        var path = TheStore.Location;
        if (Posix.TryStat(path) is not { } status)
        {
            throw new FileNotFoundException($"the JSON document {path} does not exist: json:edit edits a document, create it first (a file resource with content => \"{{}}\" will do)");
        }
        if (!status.IsRegular) throw new IOException($"{path} is not a regular file, so it holds no JSON document to edit");
        return await File.ReadAllTextAsync(path, cancel).ConfigureAwait(false);
    }

    private async Task WriteAsync(string document, CancellationToken cancel)
    {
        if (TheStore.IsWorld)
        {
            await ClusterWorld.CallAsync(Context, ct => _world!.SetStringAsync(TheStore.Location, document, ct), cancel, _stopping).ConfigureAwait(false);
            return;
        }
        // Mode and owner of the replaced file are kept by the atomic write.
        AtomicFile.Write(TheStore.Location, Encoding.UTF8.GetBytes(document));
    }
}
