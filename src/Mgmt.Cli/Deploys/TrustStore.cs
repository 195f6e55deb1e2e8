using System.Globalization;
using System.Text;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mgmt.Cli.Deploys;

/// <summary>
/// The OpenPGP public keys an agent trusts to sign deploys (<c>--trust FILE|DIR</c>: armored or binary keys as
/// <c>gpg --export</c> writes them; a directory is read file by file, not recursively).
/// </summary>
public sealed class TrustStore
{
    private readonly List<PgpPublicKeyRing> _rings;

    private TrustStore(List<PgpPublicKeyRing> rings, string source)
    {
        _rings = rings;
        Source = source;
    }

    /// <summary>Where the keys were read from, for logs.</summary>
    public string Source { get; }

    /// <summary>The fingerprints of the trusted primary keys (upper-case hex).</summary>
    public IEnumerable<string> Fingerprints => _rings.Select(r => Hex(r.GetPublicKey().GetFingerprint()));

    /// <summary>Reads every key of <paramref name="path"/>.</summary>
    /// <exception cref="DeployException">the path does not exist, a file holds no public key, or is not OpenPGP.</exception>
    public static TrustStore Load(string path)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new DeployException($"--trust {path}: no such file or directory (give an armored public key file, or a directory of them)");
        var rings = new List<PgpPublicKeyRing>();
        foreach (var file in files)
        {
            rings.AddRange(ReadRings(File.ReadAllBytes(file), $"--trust {file}"));
        }
        if (rings.Count == 0) throw new DeployException($"--trust {path}: no OpenPGP public key found (export one with 'gpg --armor --export KEYID > key.asc')");
        return new TrustStore(rings, path);
    }

    /// <summary>A trust store of the keys in <paramref name="armored"/> (tests, and keys given inline).</summary>
    public static TrustStore FromText(string armored, string source) => new([.. ReadRings(Encoding.UTF8.GetBytes(armored), source)], source);

    private static IEnumerable<PgpPublicKeyRing> ReadRings(byte[] bytes, string where)
    {
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(bytes));
            var bundle = new PgpPublicKeyRingBundle(input);
            var rings = bundle.GetKeyRings().ToList();
            return rings.Count > 0 ? rings : throw new DeployException($"{where}: holds no OpenPGP public key (export one with 'gpg --armor --export KEYID')");
        }
        catch (Exception e) when (e is not DeployException and not OutOfMemoryException)
        {
            // Whatever the parser throws on a file that is not a key (its exceptions are of many types).
            throw new DeployException($"{where}: not an OpenPGP public key ({e.Message}); a secret key or a signature does not belong in the trust store");
        }
    }

    /// <summary>
    /// Checks that <paramref name="armoredSignature"/> is a good signature of <paramref name="data"/> by a trusted,
    /// unrevoked key that was valid when it signed. Returns the signer's key id, or throws with the reason.
    /// </summary>
    /// <exception cref="DeployException">unsigned, unreadable, untrusted, revoked, expired or bad signature.</exception>
    public string Verify(byte[] data, string? armoredSignature)
    {
        if (string.IsNullOrWhiteSpace(armoredSignature)) throw new DeployException("it is not signed, and this agent accepts only signed deploys (--trust)");
        var signature = DeploySignatures.ReadSignature(armoredSignature);
        var keyId = KeyIdText(signature.KeyId);
        var key = _rings.Select(r => r.GetPublicKey(signature.KeyId)).FirstOrDefault(k => k is not null)
            ?? throw new DeployException($"it is signed by key {keyId}, which is not in the trust store ({Source})");
        if (key.HasRevocation()) throw new DeployException($"it is signed by key {keyId}, which is revoked");
        var valid = key.GetValidSeconds();
        if (valid > 0 && signature.CreationTime > key.CreationTime.AddSeconds(valid)) throw new DeployException($"it is signed by key {keyId} after that key expired");
        bool good;
        try
        {
            signature.InitVerify(key);
            signature.Update(data);
            good = signature.Verify();
        }
        catch (Exception e) when (e is not DeployException and not OutOfMemoryException)
        {
            throw new DeployException($"its signature by key {keyId} cannot be checked: {e.Message}");
        }
        if (!good) throw new DeployException($"its signature by key {keyId} does not match the record (changed after signing?)");
        return keyId;
    }

    internal static string KeyIdText(long keyId) => ((ulong)keyId).ToString("X16", CultureInfo.InvariantCulture);

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
