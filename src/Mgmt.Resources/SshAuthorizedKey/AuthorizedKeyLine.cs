using System.Buffers.Binary;
using System.Text;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>
/// One entry of an OpenSSH <c>authorized_keys</c> file, parsed and checked: its options, the key (whose type is read
/// from the key data itself, as sshd does) and its comment. <see cref="ToString"/> gives the entry in its normal
/// form: <c>options type base64 comment</c>, with single spaces.
/// </summary>
/// <remarks>
/// The key data must be a well-formed public key of a type sshd accepts in this file (RSA, DSA, ECDSA, Ed25519 and
/// their security-key variants), with nothing left over: a truncated or made-up key is refused here rather than
/// silently ignored by sshd later.
/// </remarks>
internal sealed record AuthorizedKeyLine(IReadOnlyList<string> Options, string Type, string Key, string Comment)
{
    private static readonly Dictionary<string, string> Curves = new(StringComparer.Ordinal)
    {
        ["ecdsa-sha2-nistp256"] = "nistp256",
        ["ecdsa-sha2-nistp384"] = "nistp384",
        ["ecdsa-sha2-nistp521"] = "nistp521",
        ["sk-ecdsa-sha2-nistp256@openssh.com"] = "nistp256",
    };

    /// <summary>Parses one entry; throws <see cref="ResourceValidationException"/> saying what is wrong with it.</summary>
    public static AuthorizedKeyLine Parse(string text)
    {
        var line = text.Trim();
        if (line.Length == 0) throw Invalid("the entry is empty: give a key such as 'ssh-ed25519 AAAA... comment'");
        if (line.StartsWith('#')) throw Invalid("the entry is a comment (it starts with #): give a key such as 'ssh-ed25519 AAAA... comment'");
        if (line.Contains('\n', StringComparison.Ordinal)) throw Invalid("the entry holds a newline: one resource manages one line of the file");

        var (first, rest) = SplitField(line);
        var options = Array.Empty<string>();
        if (!IsKeyType(first))
        {
            options = SplitOptions(first);
            (first, rest) = SplitField(rest);
            if (first.Length == 0) throw Invalid("there is no key after the options: give the key type and the key");
        }
        var (encoded, comment) = SplitField(rest);
        if (encoded.Length == 0) throw Invalid($"'{first}' is not followed by the key data (base64)");
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw Invalid("the key data is not valid base64");
        }
        var type = CheckBlob(blob);
        if (type != first && IsKeyType(first))
        {
            throw Invalid($"the entry says the key is '{first}', but the key data is a '{type}' key");
        }
        return new AuthorizedKeyLine(options, type, Convert.ToBase64String(blob), comment.Trim());
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        if (Options.Count > 0) text.Append(string.Join(',', Options)).Append(' ');
        text.Append(Type).Append(' ').Append(Key);
        if (Comment.Length > 0) text.Append(' ').Append(Comment);
        return text.ToString();
    }

    private static bool IsKeyType(string word) => word is "ssh-rsa" or "ssh-dss" or "ssh-ed25519" or "sk-ssh-ed25519@openssh.com"
        || Curves.ContainsKey(word) || word.EndsWith("-cert-v01@openssh.com", StringComparison.Ordinal);

    /// <summary>The first field (up to a space or tab outside double quotes) and what follows it, trimmed.</summary>
    private static (string Field, string Remainder) SplitField(string text)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && quoted && i + 1 < text.Length) i++;
            else if (c == '"') quoted = !quoted;
            else if (!quoted && c is ' ' or '\t') return (text[..i], text[(i + 1)..].TrimStart(' ', '\t'));
        }
        if (quoted) throw Invalid("a double quote in the options is not closed");
        return (text, "");
    }

    /// <summary>The options field, split at commas outside double quotes.</summary>
    private static string[] SplitOptions(string field)
    {
        var options = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (c == '\\' && quoted && i + 1 < field.Length) i++;
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                options.Add(field[start..i]);
                start = i + 1;
            }
        }
        options.Add(field[start..]);
        if (options.Any(o => o.Length == 0)) throw Invalid($"the options '{field}' hold an empty option (two commas in a row, or one at an end)");
        if (!options.All(o => char.IsAsciiLetter(o[0]))) throw Invalid($"'{field}' is neither a key type nor a list of options");
        return [.. options];
    }

    /// <summary>Reads the key data as the SSH wire format lays it out; returns its type.</summary>
    private static string CheckBlob(byte[] blob)
    {
        var reader = new WireReader(blob);
        var type = reader.Text("the key type");
        if (type.EndsWith("-cert-v01@openssh.com", StringComparison.Ordinal))
        {
            throw Invalid($"'{type}' is a certificate: authorized_keys takes the certificate authority's plain key with the cert-authority option");
        }
        switch (type)
        {
            case "ssh-rsa":
                reader.Integer("the RSA exponent");
                reader.Integer("the RSA modulus");
                break;
            case "ssh-dss":
                foreach (var part in new[] { "p", "q", "g", "y" }) reader.Integer($"the DSA {part}");
                break;
            case "ssh-ed25519" or "sk-ssh-ed25519@openssh.com":
                if (reader.Bytes("the Ed25519 key").Length != 32) throw Invalid("the Ed25519 key is not 32 bytes long");
                break;
            case var t when Curves.TryGetValue(t, out var curve):
                if (reader.Text("the curve name") != curve) throw Invalid($"the key data of a '{t}' key names another curve");
                var point = reader.Bytes("the curve point");
                if (point.Length == 0 || point[0] != 4) throw Invalid("the ECDSA curve point is not an uncompressed point");
                break;
            default:
                throw Invalid($"'{type}' is not a key type sshd takes: use ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa, ssh-dss or a security-key type");
        }
        if (type.StartsWith("sk-", StringComparison.Ordinal)) reader.Text("the security key's application");
        if (!reader.AtEnd) throw Invalid("the key data has bytes left over after the key: it is damaged");
        return type;
    }

    private static ResourceValidationException Invalid(string message) => new(message);

    /// <summary>Reads length-prefixed strings from SSH key data.</summary>
    private sealed class WireReader(byte[] data)
    {
        private int _position;

        public bool AtEnd => _position == data.Length;

        public byte[] Bytes(string what)
        {
            if (data.Length - _position < 4) throw Invalid($"the key data ends before {what}: it is truncated");
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(_position));
            _position += 4;
            if (length > data.Length - _position) throw Invalid($"the key data ends inside {what}: it is truncated");
            var bytes = data.AsSpan(_position, (int)length).ToArray();
            _position += (int)length;
            return bytes;
        }

        public string Text(string what) => Encoding.ASCII.GetString(Bytes(what));

        public void Integer(string what)
        {
            if (Bytes(what).Length == 0) throw Invalid($"{what} is empty");
        }
    }
}
