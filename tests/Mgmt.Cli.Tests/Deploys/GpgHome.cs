using System.Diagnostics;

namespace Mgmt.Cli.Tests.Deploys;

/// <summary>
/// A throwaway gpg home with keys made by the real gpg at test time (ed25519 or RSA), exported as the armored files
/// that <c>--sign</c> and <c>--trust</c> take. Its gpg-agent is stopped on disposal.
/// </summary>
internal sealed class GpgHome : IDisposable
{
    public GpgHome() => Directory = System.IO.Directory.CreateTempSubdirectory("mgmt-gpg-").FullName;

    public string Directory { get; }

    public static void RequireGpg() =>
        Assert.SkipUnless(File.Exists("/usr/bin/gpg"), "gpg is not installed (apt-get install gpg); CI installs it");

    /// <summary>Makes a key for <paramref name="email"/> (<c>ed25519</c> or <c>rsa3072</c>) with no passphrase; returns its fingerprint.</summary>
    public string CreateKey(string email, string algorithm = "ed25519")
    {
        Run("--batch", "--passphrase", "", "--quick-gen-key", $"Test <{email}>", algorithm, "sign", "1d");
        var listing = Run("--batch", "--with-colons", "--list-keys", email);
        return listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
    }

    /// <summary>Writes the armored public key of <paramref name="email"/> to <paramref name="path"/>.</summary>
    public string ExportPublic(string email, string path)
    {
        File.WriteAllText(path, Run("--batch", "--armor", "--export", email));
        return path;
    }

    /// <summary>Writes the armored secret key of <paramref name="email"/> to <paramref name="path"/>.</summary>
    public string ExportSecret(string email, string path)
    {
        File.WriteAllText(path, Run("--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys", email));
        return path;
    }

    /// <summary>A detached armored signature of <paramref name="data"/> made by gpg itself.</summary>
    public string DetachSign(string email, byte[] data)
    {
        var file = Path.Combine(Directory, $"data-{Guid.NewGuid():N}");
        File.WriteAllBytes(file, data);
        Run("--batch", "--yes", "--armor", "--local-user", email, "--output", file + ".asc", "--detach-sign", file);
        return File.ReadAllText(file + ".asc");
    }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["GNUPGHOME"] = Directory };

    public string Run(params string[] args)
    {
        var start = new ProcessStartInfo("gpg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["GNUPGHOME"] = Directory;
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"gpg {string.Join(' ', args)} failed: {errors}");
        return output.Result;
    }

    public void Dispose()
    {
        try
        {
            var start = new ProcessStartInfo("gpgconf", "--kill gpg-agent") { UseShellExecute = false, RedirectStandardError = true };
            start.Environment["GNUPGHOME"] = Directory;
            using var kill = Process.Start(start);
            kill?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
