using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>
/// Puppet's <c>file</c> onto the native <c>file</c> kind: a file, a directory (the native path ends with a slash),
/// a symlink, or nothing; content, local and <c>puppet:///modules/</c> sources, mode, owner, group, recurse, purge
/// and force.
/// </summary>
internal sealed class FileTranslator : ITypeTranslator
{
    public IReadOnlyList<string> Types { get; } = ["File"];

    public Resource? Translate(PuppetAttributes a, TranslationContext context)
    {
        var path = a.Text("path") ?? a.Resource.Title;
        if (path.Length > 1) path = path.TrimEnd('/');
        var ensure = a.Text("ensure");
        var content = a.Text("content");
        var sources = a.List("source");
        var target = a.Text("target");
        var mode = a.Text("mode");
        var recurse = Recurse(a);
        var purge = a.Bool("purge") ?? false;
        var file = new FileResource
        {
            Name = path,
            Owner = a.Text("owner") ?? "",
            Group = a.Text("group") ?? "",
            Force = a.Bool("force") ?? false,
        };
        if (a.Bool("replace") == false) a.NotNative("replace", "replace => false (keep an existing file's content) has no native equivalent");
        if ((a.Text("links") ?? "manage") != "manage") a.NotNative("links", "only links => manage is native");
        if ((a.Text("sourceselect") ?? "first") != "first") a.NotNative("sourceselect", "only sourceselect => first is native");
        foreach (var name in new[] { "ignore", "validate_cmd", "validate_replacement", "recurselimit", "source_permissions", "seluser", "selrole", "seltype", "selrange", "selinux_ignore_defaults", "checksum_value" })
        {
            if (a.Has(name)) a.NotNative(name, "no native equivalent");
        }
        // Puppet's backups (a file bucket) and its ways of comparing and showing content change nothing on disk.
        a.Ignore("backup", "checksum", "show_diff", "provider", "max_files", "ctime", "mtime", "type");

        string? source = null;
        if (sources is not null)
        {
            foreach (var s in sources)
            {
                var resolved = context.ResolveSource(s, out var local);
                if (!local)
                {
                    a.NotNative("source", $"source '{s}' is not a local file or a puppet:///modules/ file");
                    return null;
                }
                if (resolved is not null && (File.Exists(resolved) || Directory.Exists(resolved)))
                {
                    source = resolved;
                    break;
                }
            }
            if (source is null)
            {
                context.Error(a.Resource, $"none of its sources exists ({string.Join(", ", sources)}); check the module path and the file names");
                return null;
            }
        }
        var sourceIsDirectory = source is not null && Directory.Exists(source);
        var directory = false;
        switch (ensure)
        {
            case null:
                if (content is not null || source is not null) file.State = FileResource.StateExists;
                directory = sourceIsDirectory;
                break;
            case "absent":
                file.State = FileResource.StateAbsent;
                // Puppet removes a directory only when forced, and then with its content.
                file.Recurse = file.Force;
                return file;
            case "present" or "file":
                file.State = FileResource.StateExists;
                if (ensure == "file" && sourceIsDirectory)
                {
                    context.Error(a.Resource, $"ensure => file, but its source {source} is a directory");
                    return null;
                }
                directory = ensure == "present" && sourceIsDirectory;
                break;
            case "directory":
                file.State = FileResource.StateExists;
                directory = true;
                break;
            case "link":
                if (target is null)
                {
                    context.Error(a.Resource, "ensure => link needs target, the path the link points to");
                    return null;
                }
                file.State = FileResource.StateExists;
                file.Symlink = true;
                file.Source = target;
                return Finish(file, a, mode, directory: false);
            default:
                if (!ensure.StartsWith('/'))
                {
                    a.NotNative("ensure", $"ensure => '{ensure}' is not native");
                    return null;
                }
                // ensure => /some/path is a link to that path.
                file.State = FileResource.StateExists;
                file.Symlink = true;
                file.Source = ensure;
                return Finish(file, a, mode, directory: false);
        }
        if (content is not null) file.Content = content;
        if (directory)
        {
            file.Name = path == "/" ? "/" : path + "/";
            if (source is not null && sourceIsDirectory)
            {
                if (recurse)
                {
                    file.Source = source + "/";
                    file.Recurse = true;
                    file.Purge = purge;
                }
            }
            else if (recurse && (mode is not null || file.Owner.Length > 0 || file.Group.Length > 0))
            {
                a.NotNative("recurse", "recurse without a source, to set mode or ownership on a whole tree, is not native");
                return null;
            }
        }
        else if (source is not null)
        {
            file.Source = source;
        }
        return Finish(file, a, mode, directory);
    }

    private static Resource? Finish(FileResource file, PuppetAttributes a, string? mode, bool directory)
    {
        if (mode is not null)
        {
            if (file.Symlink)
            {
                return file; // Puppet ignores a link's mode as well
            }
            file.Mode = NativeMode(mode, directory);
        }
        return file;
    }

    // Puppet writes modes as 644 or 0644; for a directory it adds search permission wherever read is given.
    private static string NativeMode(string mode, bool directory)
    {
        if (!mode.All(char.IsAsciiDigit)) return mode;
        var value = Convert.ToInt32(mode, 8);
        if (directory)
        {
            if ((value & 0x100) != 0) value |= 0x40;
            if ((value & 0x20) != 0) value |= 0x8;
            if ((value & 0x4) != 0) value |= 0x1;
        }
        return "0" + Convert.ToString(value, 8).PadLeft(3, '0');
    }

    private static bool Recurse(PuppetAttributes a)
    {
        var text = a.Text("recurse");
        switch (text)
        {
            case null or "false":
                return false;
            case "true" or "remote":
                return true;
            default:
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) a.NotNative("recurse", "a recursion depth is not native");
                else a.NotNative("recurse", $"recurse => '{text}' is not native");
                return false;
        }
    }
}
