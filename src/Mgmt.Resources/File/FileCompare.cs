namespace Mgmt.Resources;

/// <summary>Byte-for-byte content comparisons that stop at the first difference.</summary>
internal static class FileCompare
{
    private const int Chunk = 64 * 1024;

    /// <summary>True when the file at <paramref name="path"/> holds exactly <paramref name="expected"/>.</summary>
    public static bool Equals(string path, ReadOnlySpan<byte> expected)
    {
        using var handle = TryOpen(path);
        if (handle is null) return false;
        if (RandomAccess.GetLength(handle) != expected.Length) return false;
        var buffer = new byte[Math.Min(Chunk, Math.Max(expected.Length, 1) + 1)];
        long offset = 0;
        while (true)
        {
            var n = RandomAccess.Read(handle, buffer, offset);
            if (n == 0) return offset == expected.Length;
            if (offset + n > expected.Length || !buffer.AsSpan(0, n).SequenceEqual(expected.Slice((int)offset, n))) return false;
            offset += n;
        }
    }

    /// <summary>True when the two files hold the same bytes; false when <paramref name="a"/> has gone.</summary>
    public static bool Equals(string a, string b)
    {
        using var ha = TryOpen(a);
        if (ha is null) return false;
        using var hb = File.OpenHandle(b, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (RandomAccess.GetLength(ha) != RandomAccess.GetLength(hb)) return false;
        var bufferA = new byte[Chunk];
        var bufferB = new byte[Chunk];
        long offset = 0;
        while (true)
        {
            var na = RandomAccess.Read(ha, bufferA, offset);
            var nb = RandomAccess.Read(hb, bufferB, offset);
            if (na != nb || !bufferA.AsSpan(0, na).SequenceEqual(bufferB.AsSpan(0, nb))) return false;
            if (na == 0) return true;
            offset += na;
        }
    }

    // The file may vanish between the caller's stat and this open (deleted by hand, the very drift being repaired):
    // then it does not hold the bytes, and the caller writes it.
    private static Microsoft.Win32.SafeHandles.SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
