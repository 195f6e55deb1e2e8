using System.Diagnostics;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mgmt.Cli.Deploys;

/// <summary>
/// Signs a deploy's canonical record with OpenPGP: with an armored secret key file (<c>gpg --armor
/// --export-secret-keys</c>; a passphrase comes from <c>MGMT_SIGN_PASSPHRASE</c>), or through the <c>gpg</c> binary
/// with a key of the user's keyring or smartcard (its agent asks for the passphrase). Both give an armored detached
/// signature that <see cref="TrustStore.Verify"/> checks.
/// </summary>
public static class DeploySignatures
{
    /// <summary>Signs with <paramref name="key"/>: an existing file is a secret key file, anything else a gpg key id,
    /// fingerprint or user id.</summary>
    public static string Sign(byte[] data, string key, Func<string, string?> environment) =>
        File.Exists(key) ? SignWithKeyFile(data, key, environment("MGMT_SIGN_PASSPHRASE")) : SignWithGpg(data, key);

    /// <summary>Signs with the first signing key of an armored (or binary) secret key file.</summary>
    public static string SignWithKeyFile(byte[] data, string path, string? passphrase)
    {
        PgpSecretKeyRingBundle bundle;
        try
        {
            using var input = PgpUtilities.GetDecoderStream(File.OpenRead(path));
            bundle = new PgpSecretKeyRingBundle(input);
        }
        catch (Exception e) when (e is not DeployException and not OutOfMemoryException)
        {
            throw new DeployException($"--sign {path}: not an OpenPGP secret key ({e.Message}); export one with 'gpg --armor --export-secret-keys KEYID > key.asc', or give a key id to sign through gpg");
        }
        var secret = bundle.GetKeyRings().Cast<PgpSecretKeyRing>().SelectMany(r => r.GetSecretKeys().Cast<PgpSecretKey>())
            .FirstOrDefault(k => k.IsSigningKey && !k.IsPrivateKeyEmpty && CanSign(k.PublicKey))
            ?? throw new DeployException($"--sign {path}: the file holds no secret key that can sign");
        PgpPrivateKey privateKey;
        try
        {
            privateKey = secret.ExtractPrivateKey((passphrase ?? "").ToCharArray());
        }
        catch (PgpException)
        {
            throw new DeployException(passphrase is null
                ? $"--sign {path}: the key is protected by a passphrase: set MGMT_SIGN_PASSPHRASE, or sign through gpg with --sign KEYID"
                : $"--sign {path}: the passphrase in MGMT_SIGN_PASSPHRASE does not unlock the key");
        }
        var generator = new PgpSignatureGenerator(secret.PublicKey.Algorithm, HashAlgorithmTag.Sha256);
        generator.InitSign(PgpSignature.BinaryDocument, privateKey);
        var subpackets = new PgpSignatureSubpacketGenerator();
        subpackets.SetSignatureCreationTime(false, DateTime.UtcNow);
        subpackets.SetIssuerKeyID(false, secret.KeyId);
        generator.SetHashedSubpackets(subpackets.Generate());
        generator.Update(data);
        var signature = generator.Generate();
        using var output = new MemoryStream();
        using (var armored = new ArmoredOutputStream(output))
        {
            signature.Encode(armored);
        }
        return Encoding.ASCII.GetString(output.ToArray());
    }

    /// <summary>A key whose flags (when it has any) allow signing.</summary>
    private static bool CanSign(PgpPublicKey key)
    {
        foreach (var signature in key.GetSignatures().Cast<PgpSignature>())
        {
            if (signature.HasSubpackets && signature.GetHashedSubPackets() is { } hashed && hashed.HasSubpacket(SignatureSubpacketTag.KeyFlags))
            {
                return (hashed.GetKeyFlags() & PgpKeyFlags.CanSign) != 0;
            }
        }
        return true;
    }

    /// <summary>Signs through <c>gpg --detach-sign</c> with <paramref name="keyId"/> (GNUPGHOME as in the environment).</summary>
    public static string SignWithGpg(byte[] data, string keyId)
    {
        if (keyId.StartsWith('-') || keyId.Any(char.IsControl)) throw new DeployException($"--sign '{keyId}' is neither a key file nor a key id");
        var start = new ProcessStartInfo("gpg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--batch", "--yes", "--armor", "--local-user", keyId, "--detach-sign", "--output", "-" }) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DeployException("could not start gpg");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DeployException($"--sign {keyId}: no such file, and gpg cannot be started to sign with a key of the keyring ({e.Message})");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardInput.BaseStream.Write(data);
            process.StandardInput.Close();
            process.WaitForExit();
            if (process.ExitCode != 0 || !output.Result.Contains("BEGIN PGP SIGNATURE", StringComparison.Ordinal))
            {
                var reason = errors.Result.Trim().ReplaceLineEndings("; ");
                throw new DeployException($"--sign {keyId}: no such file, and gpg could not sign with that key: {(reason.Length > 0 ? reason : $"exit {process.ExitCode}")}");
            }
            return output.Result;
        }
    }

    /// <summary>Reads one armored (or binary) detached signature.</summary>
    /// <exception cref="DeployException">it is not one.</exception>
    public static PgpSignature ReadSignature(string armored)
    {
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armored)));
            var factory = new PgpObjectFactory(input);
            var next = factory.NextPgpObject();
            if (next is PgpCompressedData compressed) next = new PgpObjectFactory(compressed.GetDataStream()).NextPgpObject();
            return next is PgpSignatureList { Count: > 0 } list ? list[0] : throw new DeployException("its signature is not an OpenPGP signature");
        }
        catch (Exception e) when (e is not DeployException and not OutOfMemoryException)
        {
            // The value comes from the store, untrusted: any parser failure is a refusal, never a crash.
            throw new DeployException($"its signature cannot be read ({e.Message})");
        }
    }

    /// <summary>The key id a signature names, for <c>deploy list</c>; null when unsigned or unreadable.</summary>
    public static string? SignerKeyId(string? armored)
    {
        if (string.IsNullOrWhiteSpace(armored)) return null;
        try
        {
            return TrustStore.KeyIdText(ReadSignature(armored).KeyId);
        }
        catch (DeployException)
        {
            return "unreadable";
        }
    }
}
