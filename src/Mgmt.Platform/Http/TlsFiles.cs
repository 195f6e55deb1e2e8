using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mgmt.Platform.Http;

/// <summary>Loads a server certificate and its key from PEM files, with errors that say which file is wrong and how.</summary>
public static class TlsFiles
{
    /// <summary>
    /// Reads the certificate at <paramref name="certPath"/> and the private key at <paramref name="keyPath"/> (both
    /// PEM). Throws <see cref="IOException"/> with a message for the user when a file is missing, unreadable, or the
    /// two do not belong together.
    /// </summary>
    public static X509Certificate2 LoadPem(string certPath, string keyPath)
    {
        foreach (var (path, what) in new[] { (certPath, "certificate"), (keyPath, "key") })
        {
            if (!File.Exists(path)) throw new IOException($"the TLS {what} file '{path}' does not exist");
        }
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // A certificate made from PEM holds an ephemeral key; exporting to PKCS#12 and back gives one that the
            // TLS stack can use for every handshake.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException e)
        {
            throw new IOException(
                $"cannot use the TLS certificate '{certPath}' with the key '{keyPath}': {e.Message.TrimEnd('.')} " +
                "(both must be PEM, and the key must be the certificate's own)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"cannot read the TLS certificate or key: {e.Message}", e);
        }
    }
}
