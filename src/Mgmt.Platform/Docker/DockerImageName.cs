namespace Mgmt.Platform.Docker;

/// <summary>
/// An image reference as Docker reads it: <c>repository[:tag]</c> or <c>repository@digest</c>, where a missing
/// tag means <c>latest</c>. The repository may start with a registry host (<c>127.0.0.1:5000/app</c>).
/// </summary>
public readonly record struct DockerImageName(string Repository, string? Tag, string? Digest)
{
    /// <summary>Splits <paramref name="text"/>; throws <see cref="FormatException"/> for an empty or malformed name.</summary>
    public static DockerImageName Parse(string text)
    {
        if (text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new FormatException($"'{text}' is not an image name: write repository[:tag], such as debian:bookworm");
        }
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0) return at == 0 || at == text.Length - 1 ? throw Bad(text) : new DockerImageName(text[..at], null, text[(at + 1)..]);
        var slash = text.LastIndexOf('/');
        var colon = text.LastIndexOf(':');
        // A colon before the last slash belongs to a registry's port, not to a tag.
        if (colon > slash)
        {
            return colon == 0 || colon == text.Length - 1 ? throw Bad(text) : new DockerImageName(text[..colon], text[(colon + 1)..], null);
        }
        return text.EndsWith('/') || text.StartsWith('/') ? throw Bad(text) : new DockerImageName(text, null, null);
    }

    private static FormatException Bad(string text) => new($"'{text}' is not an image name: write repository[:tag] or repository@digest");

    /// <summary>The tag, <c>latest</c> when none was written (null for a digest reference).</summary>
    public string? EffectiveTag => Digest is null ? Tag ?? "latest" : null;

    /// <summary>The full reference, with the implicit <c>latest</c> written out.</summary>
    public override string ToString() => Digest is not null ? $"{Repository}@{Digest}" : $"{Repository}:{EffectiveTag}";
}
