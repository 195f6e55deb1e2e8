using System.Security.Cryptography;
using System.Text;

namespace Mgmt.Platform.Http;

/// <summary>
/// The user name and password of HTTP basic authentication. Only a hash of the password is kept, and requests are
/// compared in constant time, so that neither the memory of the process nor the timing of answers gives it away.
/// </summary>
public sealed class BasicCredentials
{
    private readonly byte[] _expected;

    public BasicCredentials(string user, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (user.Contains(':')) throw new ArgumentException("a basic authentication user name cannot contain ':'", nameof(user));
        User = user;
        _expected = Hash(user, password);
    }

    /// <summary>The user name (not secret).</summary>
    public string User { get; }

    /// <summary>True when <paramref name="authorization"/> (the request's Authorization header) carries this user and password.</summary>
    public bool Accepts(string? authorization)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return false;
        return CryptographicOperations.FixedTimeEquals(Hash(decoded[..colon], decoded[(colon + 1)..]), _expected);
    }

    private static byte[] Hash(string user, string password) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(user + "\0" + password));

    /// <summary>Never the password.</summary>
    public override string ToString() => $"basic authentication as {User}";
}
