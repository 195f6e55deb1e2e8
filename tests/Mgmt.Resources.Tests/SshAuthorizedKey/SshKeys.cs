using System.Diagnostics;

namespace Mgmt.Resources.Tests.SshAuthorizedKey;

/// <summary>Real public keys made by ssh-keygen, and ssh-keygen's own reading of an authorized_keys file.</summary>
internal static class SshKeys
{
    /// <summary>A new public key line ("type base64 comment") of the given type.</summary>
    public static string Make(string directory, string type, string comment)
    {
        var file = Path.Combine(directory, $"key-{type}-{Guid.NewGuid():N}");
        Run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", comment, "-f", file);
        return File.ReadAllText(file + ".pub").Trim();
    }

    /// <summary>The fingerprints ssh-keygen reads from an authorized_keys file (it fails on an entry it cannot parse).</summary>
    public static string Fingerprints(string file) => Run("ssh-keygen", "-l", "-f", file);

    public static string Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }
}
