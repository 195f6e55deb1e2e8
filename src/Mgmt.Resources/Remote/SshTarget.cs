using System.Buffers.Binary;
using System.Text;
using Mgmt.Platform.Files;
using Mgmt.Platform.Processes;

namespace Mgmt.Resources;

/// <summary>
/// One SSH destination reached with OpenSSH's own client (<c>ssh</c>, <c>scp</c>): never interactive (no password
/// prompt), the host key always checked (against the given key, else the user's known_hosts), keys only.
/// </summary>
internal sealed class SshTarget
{
    private SshTarget(string user, string host, int port)
    {
        User = user;
        Host = host;
        Port = port;
    }

    public string User { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The private key to log in with; null lets ssh use the agent user's default keys.</summary>
    public string? Identity { get; init; }

    /// <summary>A known_hosts file holding only the expected host key; null uses the user's known_hosts.</summary>
    public string? KnownHosts { get; init; }

    /// <summary>The same destination, logging in with <paramref name="identity"/> and checking against <paramref name="knownHosts"/>.</summary>
    public SshTarget With(string? identity, string? knownHosts) => new(User, Host, Port) { Identity = identity, KnownHosts = knownHosts };

    /// <summary>The arguments of an <c>ssh</c> that runs nothing and holds a reverse tunnel (<c>-R</c>) open.</summary>
    public List<string> TunnelArgs(string forward)
    {
        var args = Options();
        args.AddRange(["-N", "-o", "ExitOnForwardFailure=yes", "-R", forward, $"{User}@{Host}"]);
        return args;
    }

    public string Display => $"ssh://{User}@{Host}:{Port}";

    /// <summary>
    /// Reads <c>ssh://user@host:port</c> (or <c>user@host</c>, <c>host:port</c>, <c>host</c>). A password in it is
    /// refused: keys only, and a password in a parameter ends up in logs and in memory.
    /// </summary>
    public static SshTarget Parse(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "ssh://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme != "ssh")
        {
            throw new FormatException($"'{text}' is not an SSH address: write ssh://user@host:port (user and port optional)");
        }
        if (uri.Host.Length == 0) throw new FormatException($"'{text}' names no host");
        if (uri.UserInfo.Contains(':')) throw new FormatException("a password in the remote address is refused: log in with a key (ssh_id) instead");
        var user = uri.UserInfo.Length > 0 ? Uri.UnescapeDataString(uri.UserInfo) : "root";
        return new SshTarget(user, uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port < 0 ? 22 : uri.Port);
    }

    /// <summary>The line of a known_hosts file for this host and a base64 public key (as ssh-keyscan prints it).</summary>
    public string KnownHostsLine(string base64Key)
    {
        var blob = Convert.FromBase64String(base64Key);
        // The key blob starts with its type, as an SSH string: a 32-bit length, then the name.
        var length = blob.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(blob) : uint.MaxValue;
        if (length > 64 || blob.Length < 4 + length) throw new FormatException("the hostkey is not an SSH public key (base64 of its wire form, as in known_hosts)");
        var type = Encoding.ASCII.GetString(blob, 4, (int)length);
        var host = Port == 22 ? Host : $"[{Host}]:{Port}";
        return $"{host} {type} {base64Key}\n";
    }

    private List<string> Options()
    {
        var options = new List<string>
        {
            "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10",
            "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR",
        };
        // ssh expands %-tokens in these paths (a state directory's escaped name has %): a literal % is written %%.
        if (Identity is not null) options.AddRange(["-i", Identity.Replace("%", "%%", StringComparison.Ordinal), "-o", "IdentitiesOnly=yes"]);
        if (KnownHosts is not null) options.AddRange(["-o", $"UserKnownHostsFile={KnownHosts.Replace("%", "%%", StringComparison.Ordinal)}", "-o", "GlobalKnownHostsFile=/dev/null"]);
        return options;
    }

    /// <summary>The arguments of <c>ssh</c> that run <paramref name="command"/> (a shell command line) on the host.</summary>
    public List<string> SshArgs(string command, params string[] extra)
    {
        var args = Options();
        args.AddRange(extra);
        args.AddRange([$"{User}@{Host}", "--", command]);
        return args;
    }

    /// <summary>Runs <paramref name="command"/> on the host and returns its result; a failure to connect is an exception.</summary>
    public async Task<ProcessResult> RunAsync(string command, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec { Name = "ssh", Command = "ssh", Args = SshArgs(command) }, cancel).ConfigureAwait(false);
        // ssh itself exits 255 when it cannot connect or log in; the command's own codes are below that.
        if (result.ExitCode == 255) throw new IOException($"cannot reach {Display} over SSH: {result.Tail(3)}");
        return result;
    }

    /// <summary>Copies a local file to <paramref name="remotePath"/> with scp.</summary>
    public async Task CopyAsync(string localPath, string remotePath, CancellationToken cancel)
    {
        var args = Options();
        args[0] = "-P"; // scp spells the port option in upper case
        args.AddRange(["-q", "--", localPath, $"{User}@{Host}:{remotePath}"]);
        var result = await ProcessRunner.RunAsync(new ProcessSpec { Name = "scp", Command = "scp", Args = args }, cancel).ConfigureAwait(false);
        if (!result.Succeeded) throw new IOException($"cannot copy {localPath} to {Display}:{remotePath}: {result.Tail(3)}");
    }

    /// <summary>Quotes <paramref name="text"/> for a POSIX shell.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Writes the known_hosts file for <paramref name="base64Key"/> into <paramref name="directory"/>.</summary>
    public static string WriteKnownHosts(string directory, SshTarget target, string base64Key)
    {
        var path = System.IO.Path.Combine(directory, "known_hosts");
        AtomicFile.Write(path, Encoding.ASCII.GetBytes(target.KnownHostsLine(base64Key)), new AtomicWriteOptions { Mode = 0x180 });
        return path;
    }
}
