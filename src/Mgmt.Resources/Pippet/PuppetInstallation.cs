namespace Mgmt.Resources;

/// <summary>
/// Where Puppet is on this machine: its <c>puppet</c> command and the ruby that runs it (the helper must run on the
/// same ruby, since it loads Puppet's libraries). Debian's package puts <c>/usr/bin/puppet</c> on PATH with a
/// <c>#!/usr/bin/ruby</c> line; Puppet's own packages put a shell wrapper in <c>/opt/puppetlabs/bin</c> and a
/// private ruby in <c>/opt/puppetlabs/puppet/bin</c>.
/// </summary>
public sealed record PuppetInstallation(string PuppetPath, string RubyPath)
{
    /// <summary>What to tell a user who has no Puppet.</summary>
    public const string InstallHint =
        "Puppet is not installed (no 'puppet' command on PATH): install it with 'apt-get install puppet-agent' on " +
        "Debian 12 (or 'apt-get install puppet' on older releases), or from Puppet's own packages " +
        "(/opt/puppetlabs/bin/puppet), then run again";

    private const string PuppetLabsRuby = "/opt/puppetlabs/puppet/bin/ruby";

    /// <summary>
    /// Finds Puppet through <paramref name="searchPath"/> (a PATH value; this process's PATH when null) and
    /// <c>/opt/puppetlabs/bin</c>. Throws <see cref="PuppetMissingException"/> with <see cref="InstallHint"/> when
    /// there is none.
    /// </summary>
    public static PuppetInstallation Find(string? searchPath = null)
    {
        var dirs = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/opt/puppetlabs/bin");
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, "puppet");
            if (!File.Exists(candidate)) continue;
            if (RubyOf(candidate) is { } ruby) return new PuppetInstallation(candidate, ruby);
        }
        throw new PuppetMissingException(InstallHint);
    }

    // The interpreter of the puppet script's #! line; Puppet's own wrapper script means its private ruby.
    private static string? RubyOf(string puppet)
    {
        string first;
        try
        {
            using var reader = new StreamReader(puppet);
            first = reader.ReadLine() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (!first.StartsWith("#!", StringComparison.Ordinal)) return File.Exists(PuppetLabsRuby) ? PuppetLabsRuby : null;
        var words = first[2..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        if (Path.GetFileName(words[0]).StartsWith("ruby", StringComparison.Ordinal)) return words[0];
        if (Path.GetFileName(words[0]) == "env" && words.Length > 1 && words[1].StartsWith("ruby", StringComparison.Ordinal)) return words[1];
        return File.Exists(PuppetLabsRuby) ? PuppetLabsRuby : null;
    }
}

/// <summary>Puppet is not installed; the message says how to install it.</summary>
public sealed class PuppetMissingException(string message) : Exception(message);
