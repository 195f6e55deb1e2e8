using System.Security.Cryptography;
using System.Text;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

/// <summary>
/// What the <c>gzip</c> and <c>tar</c> resources remember between checks, in their state directory: a digest of
/// their inputs (with the settings that shape the output) and the SHA-256 of the file they last wrote. The output
/// is right when both still match; a compressor's bytes need not be reproducible, so the output is never rebuilt
/// just to compare it.
/// </summary>
internal sealed class ArchiveRecord(string directory)
{
    private string InputPath => Path.Combine(directory, "input.sha256");

    private string OutputPath => Path.Combine(directory, "output.sha256");

    /// <summary>The recorded input digest, or "" when none was recorded yet.</summary>
    public string Input => Read(InputPath);

    /// <summary>The recorded output digest, or "" when none was recorded yet.</summary>
    public string Output => Read(OutputPath);

    /// <summary>Records both digests, each file atomically, the output last (so a crash between leaves "not right").</summary>
    public void Save(string input, string output)
    {
        AtomicFile.Write(InputPath, Encoding.UTF8.GetBytes(input + "\n"), new AtomicWriteOptions { Mode = 0x180 });
        AtomicFile.Write(OutputPath, Encoding.UTF8.GetBytes(output + "\n"), new AtomicWriteOptions { Mode = 0x180 });
    }

    /// <summary>The SHA-256 (lower-case hex) of a file, or "" when it does not exist.</summary>
    public static string HashFile(string path, CancellationToken cancel)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, FileOptions.SequentialScan);
            return HashStream(stream, cancel);
        }
        catch (FileNotFoundException)
        {
            return "";
        }
        catch (DirectoryNotFoundException)
        {
            return "";
        }
    }

    /// <summary>The SHA-256 (lower-case hex) of what remains in a stream, checking for cancellation between blocks.</summary>
    public static string HashStream(Stream stream, CancellationToken cancel)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            cancel.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }
}

/// <summary>A write-only stream that hashes what passes through it on the way to another stream.</summary>
internal sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The SHA-256 (lower-case hex) of everything written so far.</summary>
    public string Digest() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
