using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mgmt.World.Etcd;

/// <summary>
/// The TLS material of one agent or client (<c>--tls-ca</c>, <c>--tls-cert</c>, <c>--tls-key</c>): its certificate
/// and key, and the cluster CA that every peer's certificate must chain to. With it, the etcd member the agent
/// runs serves clients and peers over TLS and demands their certificates, and every connection this process makes
/// to etcd shows its certificate and accepts only a server certified by the same CA. Without it nothing is
/// encrypted, and an <c>https://</c> URL is refused rather than half-used. Loaded once and kept for the process's life.
/// </summary>
public sealed class EtcdTls
{
    private readonly X509Certificate2Collection _trust;

    private EtcdTls(string caFile, string certFile, string keyFile, X509Certificate2 ca, X509Certificate2 certificate)
    {
        CaFile = caFile;
        CertFile = certFile;
        KeyFile = keyFile;
        Authority = ca;
        Certificate = certificate;
        _trust = [ca];
    }

    /// <summary>The cluster CA's certificate file (absolute).</summary>
    public string CaFile { get; }

    /// <summary>This process's certificate file (absolute).</summary>
    public string CertFile { get; }

    /// <summary>This process's private key file (absolute).</summary>
    public string KeyFile { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate's common name: the etcd user this process acts as.</summary>
    public string CommonName => Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>
    /// Loads and checks the three files: each readable PEM, the key the certificate's, the certificate signed by
    /// the CA and valid now. Throws <see cref="WorldException"/> naming the flag at fault.
    /// </summary>
    public static EtcdTls Load(string caFile, string certFile, string keyFile) => Load(caFile, certFile, keyFile, checkChain: true);

    /// <summary>As <see cref="Load(string, string, string)"/>, naming other flags than <c>--tls-cert</c>/<c>--tls-key</c> in its
    /// messages (the registrar's certificate and key).</summary>
    public static EtcdTls Load(string caFile, string certFile, string keyFile, string certFlag, string keyFlag) =>
        Load(caFile, certFile, keyFile, checkChain: true, certFlag, keyFlag);

    /// <summary>Tests make an intruder (a certificate of another CA that trusts ours) with <paramref name="checkChain"/> off.</summary>
    internal static EtcdTls Load(string caFile, string certFile, string keyFile, bool checkChain, string certFlag = "--tls-cert", string keyFlag = "--tls-key")
    {
        caFile = Path.GetFullPath(caFile);
        certFile = Path.GetFullPath(certFile);
        keyFile = Path.GetFullPath(keyFile);
        foreach (var (file, flag) in new[] { (caFile, "--tls-ca"), (certFile, certFlag), (keyFile, keyFlag) })
        {
            if (!File.Exists(file))
            {
                throw new WorldException($"{flag}: {file} does not exist (mgmt tls init and mgmt tls issue make these files)");
            }
        }
        X509Certificate2 ca;
        try
        {
            ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        }
        catch (CryptographicException e)
        {
            throw new WorldException($"--tls-ca: {caFile} is not a PEM certificate ({e.Message})", e);
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ca.Dispose();
            throw new WorldException($"{certFlag}/{keyFlag}: {certFile} and {keyFile} are not a PEM certificate and its private key ({e.Message})", e);
        }
        var tls = new EtcdTls(caFile, certFile, keyFile, ca, certificate);
        if (checkChain && !tls.ChainsToAuthority(certificate, out var why))
        {
            certificate.Dispose();
            ca.Dispose();
            throw new WorldException($"{certFlag}: {certFile} is not usable with the CA of --tls-ca ({caFile}): {why}");
        }
        return tls;
    }

    /// <summary>
    /// Refuses a URL whose scheme does not match the material: https without TLS material, or http with it.
    /// Never a silent fallback to plain text, never an https URL used without checking the server.
    /// </summary>
    public static void CheckScheme(EtcdTls? tls, string url, string flag)
    {
        var https = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (https && tls is null)
        {
            throw new WorldException(
                $"{flag}: \"{url}\" is an https URL but no TLS material was given: add --tls-ca, --tls-cert and --tls-key (mgmt tls init and mgmt tls issue make them)");
        }
        if (!https && tls is not null)
        {
            throw new WorldException(
                $"{flag}: \"{url}\" is plain http but --tls-ca/--tls-cert/--tls-key were given: write it as https://... (mgmt never falls back to plain text)");
        }
    }

    /// <summary>What a client shows and checks: its certificate, and a server certified by our CA for the name dialled.</summary>
    internal SslClientAuthenticationOptions ClientOptions() => new()
    {
        ClientCertificates = [Certificate],
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => AcceptServer(certificate, errors),
    };

    /// <summary>An HTTP handler that shows our certificate and checks the server's (for etcd's /health).</summary>
    internal SocketsHttpHandler HttpHandler() => new() { SslOptions = ClientOptions() };

    private bool AcceptServer(X509Certificate? certificate, SslPolicyErrors errors)
    {
        // The name check is the platform's; the chain is checked against our CA alone (not the system's roots).
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }
        if (certificate is X509Certificate2 full)
        {
            return ChainsToAuthority(full, out _, ServerAuth);
        }
        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return ChainsToAuthority(copy, out _, ServerAuth);
    }

    /// <summary>A server must be certified for serving: an administrator's certificate (client use only) is not.</summary>
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    private bool ChainsToAuthority(X509Certificate2 certificate, out string why, string? usage = null)
    {
        using var chain = new X509Chain();
        if (usage is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
        }
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(certificate))
        {
            why = "";
            return true;
        }
        why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        if (why.Length == 0) why = "it does not chain to that CA";
        return false;
    }
}
