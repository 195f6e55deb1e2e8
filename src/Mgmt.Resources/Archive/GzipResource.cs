using System.IO.Compression;
using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// <c>gzip</c>: a gzip-compressed file (<see cref="Path"/>, the name by default) made from a file
/// (<see cref="Input"/>) or from text (<see cref="Content"/>). It is rebuilt when the input, the level or the
/// output file changed since it was last written, which SHA-256 digests kept in the resource's state directory tell.
/// </summary>
/// <remarks>
/// The output is written to a temporary file and renamed into place, so a reader never sees half a file and a
/// failure leaves the previous output as it was. See docs/resources/gzip.md.
/// </remarks>
[ResourceKind("gzip")]
public sealed class GzipResource : Resource, IEdgeable
{
    /// <summary>Go's <c>gzip.HuffmanOnly</c>: no string matching, only Huffman coding.</summary>
    public const long HuffmanOnly = -2;

    /// <summary>Go's <c>gzip.DefaultCompression</c>.</summary>
    public const long DefaultCompression = -1;

    private ArchiveRecord? _record;

    /// <summary>The compressed file to make: an absolute file path; the resource's name when empty.</summary>
    [Param("path")]
    public string Path { get; set; } = "";

    /// <summary>The file to compress (an absolute path); when unset, <see cref="Content"/> is compressed.</summary>
    [Param("input")]
    public string? Input { get; set; }

    /// <summary>The text to compress when there is no <see cref="Input"/> (empty text makes a valid, empty gzip file).</summary>
    [Param("content")]
    public string Content { get; set; } = "";

    /// <summary>
    /// The compression level: 0 (none) to 9 (best), -1 for the default, -2 for Huffman coding only
    /// (<c>$const.res.gzip.level.*</c>). Changing it rebuilds the file.
    /// </summary>
    [Param("level")]
    public long Level { get; set; } = DefaultCompression;

    /// <summary>The file actually written.</summary>
    public string EffectivePath => Path.Length > 0 ? Path : Name;

    public override void Validate()
    {
        ArchivePaths.ValidateOutput(EffectivePath);
        if (Input is { } input) ArchivePaths.ValidateFile(input, "input");
        if (Level is < HuffmanOnly or > 9)
        {
            throw new ResourceValidationException($"level is {Level}: use 0 (no compression) to 9 (best), -1 for the default or -2 for Huffman coding only");
        }
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _record = new ArchiveRecord(context.VarDir("gzip"));
    }

    public override Task WatchAsync(CancellationToken cancel)
    {
        var watch = new SystemWatch().File(EffectivePath);
        if (Input is { } input) watch.File(input);
        return watch.RunAsync(Context, EffectivePath, cancel);
    }

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var record = _record ?? throw new InvalidOperationException($"{this} used before Init");
        var path = EffectivePath;
        var input = $"level:{Level}|" + InputDigest(cancel);
        var output = ArchiveRecord.HashFile(path, cancel);
        if (output.Length > 0 && input == record.Input && output == record.Output) return Task.FromResult(true);
        if (!apply) return Task.FromResult(false);

        using var source = OpenInput();
        string written = "";
        AtomicFile.WriteStreaming(path, stream =>
        {
            var hashing = new HashingStream(stream);
            using (var gzip = new GZipStream(hashing, Options(), leaveOpen: true))
            {
                CopyCancellable(source, gzip, cancel);
            }
            written = hashing.Digest();
        });
        record.Save(input, written);
        ArchiveLog.Wrote(Context.Logger, "gzip file", path);
        return Task.FromResult(false);
    }

    private string InputDigest(CancellationToken cancel)
    {
        if (Input is null) return ArchiveRecord.HashStream(new MemoryStream(Encoding.UTF8.GetBytes(Content)), cancel);
        var digest = ArchiveRecord.HashFile(Input, cancel);
        return digest.Length > 0 ? digest : throw new FileNotFoundException($"the input {Input} does not exist, so there is nothing to compress yet");
    }

    private Stream OpenInput() => Input is null
        ? new MemoryStream(Encoding.UTF8.GetBytes(Content))
        : new FileStream(Input, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, FileOptions.SequentialScan);

    private ZLibCompressionOptions Options() => Level == HuffmanOnly
        ? new ZLibCompressionOptions { CompressionLevel = (int)DefaultCompression, CompressionStrategy = ZLibCompressionStrategy.HuffmanOnly }
        : new ZLibCompressionOptions { CompressionLevel = (int)Level };

    internal static void CopyCancellable(Stream from, Stream to, CancellationToken cancel)
    {
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = from.Read(buffer)) > 0)
        {
            cancel.ThrowIfCancellationRequested();
            to.Write(buffer, 0, n);
        }
    }

    public IEnumerable<ResourceUid> Uids() => [new ResourceUid("file", EffectivePath)];

    // After the file it compresses, and after the nearest managed directory that holds the output.
    public IEnumerable<AutoEdgeSeek> AutoEdges() => ArchivePaths.Edges(EffectivePath, Input is null ? [] : [Input]);
}
