using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mgmt.World.Tls;

/// <summary>
/// The cluster's own certificate authority and the certificates it signs (<c>mgmt tls init</c>, <c>mgmt tls
/// issue</c>), made with the BCL alone. A CA directory holds <c>ca.crt</c> (public: every host and client needs it)
/// and <c>ca.key</c> (0600: whoever holds it can make any identity, so it stays with the administrator). A host
/// certificate's common name is the host name, which etcd takes as the user name; it is valid for serving (the
/// host's etcd member) and as a client. An administrator certificate has the common name
/// <see cref="AdministratorUser"/> and is valid only as a client.
/// </summary>
public static class ClusterCertificates
{
    /// <summary>The common name (and etcd user) of every administrator certificate; the person's name goes in OU.</summary>
    public const string AdministratorUser = "mgmt-admin";

    public const string CaCertificateFile = "ca.crt";
    public const string CaKeyFile = "ca.key";

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>The common name (and etcd user) of every registrar certificate (<see cref="ClusterPermissions.RegistrarUser"/>).</summary>
    public const string RegistrarUser = ClusterPermissions.RegistrarUser;

    /// <summary>Names a host certificate may not take: etcd's own root and every mgmt- user and role (administrator,
    /// registrar, enrol user, the roles): a host named so would act with their rights.</summary>
    public static bool IsReservedName(string name) =>
        name.Equals("root", StringComparison.OrdinalIgnoreCase) || name.StartsWith("mgmt-", StringComparison.OrdinalIgnoreCase);

    /// <summary>Makes a new CA in <paramref name="directory"/> (created 0700 if missing); refuses to replace one.</summary>
    /// <returns>The path of the CA certificate.</returns>
    public static string InitAuthority(string directory, string clusterName, int days)
    {
        CheckDays(days);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var certPath = Path.Combine(directory, CaCertificateFile);
        var keyPath = Path.Combine(directory, CaKeyFile);
        if (File.Exists(certPath) || File.Exists(keyPath))
        {
            throw new WorldException($"{directory} already holds a CA ({CaCertificateFile} or {CaKeyFile}): a new one would orphan every certificate it signed; choose another directory");
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN=mgmt cluster CA {Escape(clusterName)}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(days));
        // The key first: a directory with a certificate and no key would look like a usable CA.
        SecretFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem(), SecretFile.Private);
        SecretFile.Write(certPath, ca.ExportCertificatePem(), SecretFile.Public);
        return certPath;
    }

    /// <summary>
    /// Signs a certificate for <paramref name="name"/> with the CA in <paramref name="caDirectory"/> and writes
    /// <c>NAME.crt</c> and <c>NAME.key</c> (0600) into <paramref name="outDirectory"/>.
    /// </summary>
    /// <remarks>With <paramref name="admin"/>: an administrator certificate (CN <see cref="AdministratorUser"/>, OU the
    /// name, client use only). <paramref name="subjectAltNames"/>: DNS names and IP addresses the host serves etcd on;
    /// the host name and loopback are always added.</remarks>
    /// <returns>The paths written.</returns>
    public static (string Certificate, string Key) Issue(string caDirectory, string name, bool admin, IReadOnlyList<string> subjectAltNames, string outDirectory, int days) =>
        Issue(caDirectory, name, admin ? IssuedIdentity.Administrator : IssuedIdentity.Host, subjectAltNames, outDirectory, days);

    /// <summary>As above, for any <see cref="IssuedIdentity"/>: a registrar's certificate is like an administrator's
    /// (client use only, the person's or machine's name in OU) with the common name <see cref="RegistrarUser"/>.</summary>
    public static (string Certificate, string Key) Issue(string caDirectory, string name, IssuedIdentity identity, IReadOnlyList<string> subjectAltNames, string outDirectory, int days)
    {
        CheckDays(days);
        WorldKeys.ValidateHostname(name);
        var admin = identity != IssuedIdentity.Host;
        if (!admin && IsReservedName(name))
        {
            throw new WorldException($"\"{name}\" is reserved (etcd's root user and mgmt's own users and roles, mgmt-...): give the host another name, or use --admin for an administrator");
        }
        using var ca = LoadAuthority(caDirectory);
        using var caKey = ca.GetECDsaPrivateKey() ?? throw new WorldException($"{Path.Combine(caDirectory, CaKeyFile)} is not an ECDSA key made by mgmt tls init");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = identity switch
        {
            IssuedIdentity.Administrator => $"CN={AdministratorUser}, OU={Escape(name)}",
            IssuedIdentity.Registrar => $"CN={RegistrarUser}, OU={Escape(name)}",
            _ => $"CN={Escape(name)}",
        };
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection { new Oid(ClientAuth) };
        if (!admin)
        {
            usages.Add(new Oid(ServerAuth));
            request.CertificateExtensions.Add(AltNames(name, subjectAltNames));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.AddDays(days) < ca.NotAfter ? now.AddDays(days) : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), notAfter, serial);
        Directory.CreateDirectory(outDirectory);
        var keyPath = Path.Combine(outDirectory, name + ".key");
        var certPath = Path.Combine(outDirectory, name + ".crt");
        SecretFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem(), SecretFile.Private);
        SecretFile.Write(certPath, issued.ExportCertificatePem(), SecretFile.Public);
        return (certPath, keyPath);
    }

    /// <summary>Loads the CA certificate with its key; a clear <see cref="WorldException"/> when it is not there.</summary>
    private static X509Certificate2 LoadAuthority(string directory)
    {
        var certPath = Path.Combine(directory, CaCertificateFile);
        var keyPath = Path.Combine(directory, CaKeyFile);
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            throw new WorldException($"{directory} holds no CA ({CaCertificateFile} and {CaKeyFile}): make one with mgmt tls init {directory}");
        }
        try
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (CryptographicException e)
        {
            throw new WorldException($"the CA in {directory} cannot be read ({e.Message}): {CaCertificateFile} and {CaKeyFile} must be the PEM files mgmt tls init wrote", e);
        }
    }

    private static X509Extension AltNames(string name, IReadOnlyList<string> extra)
    {
        var builder = new SubjectAlternativeNameBuilder();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in new[] { name, "localhost", "127.0.0.1", "::1" }.Concat(extra))
        {
            if (!seen.Add(entry)) continue;
            if (IPAddress.TryParse(entry, out var ip))
            {
                builder.AddIpAddress(ip);
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                builder.AddDnsName(entry);
            }
            else if (entry != name)
            {
                throw new WorldException($"--san \"{entry}\" is neither an IP address nor a DNS name");
            }
            // A host name that is no DNS name (it holds '_') is still the CN; it just cannot be served under.
        }
        return builder.Build();
    }

    private static void CheckDays(int days)
    {
        if (days < 1)
        {
            throw new WorldException($"--days {days}: a certificate must be valid for at least one day");
        }
    }

    // Distinguished names give ',', '+', '"', '\', '<', '>', ';' and '=' a meaning: quote the value when it holds one.
    private static string Escape(string value) =>
        value.IndexOfAny([',', '+', '"', '\\', '<', '>', ';', '=']) < 0 ? value : "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Whom a certificate is for: a host (its etcd user is its name), an administrator (<c>mgmt-admin</c>) or a
/// registrar (<c>mgmt-registrar</c>, which creates the hosts' etcd users).</summary>
public enum IssuedIdentity
{
    Host,
    Administrator,
    Registrar,
}
