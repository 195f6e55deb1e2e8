namespace Mgmt.Platform.Packages;

/// <summary>
/// Reads dpkg's status database (<c>/var/lib/dpkg/status</c>): stanzas of <c>Field: value</c> lines separated by
/// blank lines, with continuation lines starting with a space. Only the fields a package resource needs are kept.
/// </summary>
public static class DpkgStatusParser
{
    /// <summary>Every stanza that names a package; stanzas without a <c>Package:</c> field are skipped.</summary>
    public static List<DpkgPackage> Parse(TextReader reader)
    {
        var packages = new List<DpkgPackage>();
        string? name = null, arch = null, version = null, status = null;
        var essential = false;
        void Flush()
        {
            if (name is not null)
            {
                var words = (status ?? "unknown ok not-installed").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                packages.Add(new DpkgPackage(
                    name, arch ?? "", version ?? "",
                    words.ElementAtOrDefault(0) ?? "unknown", words.ElementAtOrDefault(1) ?? "ok", words.ElementAtOrDefault(2) ?? "not-installed",
                    essential));
            }
            name = arch = version = status = null;
            essential = false;
        }

        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                Flush();
                continue;
            }
            // Continuation lines (descriptions, conffiles) never hold a field we read.
            if (line[0] is ' ' or '\t') continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var field = line.AsSpan(0, colon);
            var value = line[(colon + 1)..].Trim();
            if (field.Equals("Package", StringComparison.OrdinalIgnoreCase)) name = value;
            else if (field.Equals("Architecture", StringComparison.OrdinalIgnoreCase)) arch = value;
            else if (field.Equals("Version", StringComparison.OrdinalIgnoreCase)) version = value;
            else if (field.Equals("Status", StringComparison.OrdinalIgnoreCase)) status = value;
            else if (field.Equals("Essential", StringComparison.OrdinalIgnoreCase)) essential = value.Equals("yes", StringComparison.OrdinalIgnoreCase);
        }
        Flush();
        return packages;
    }
}
