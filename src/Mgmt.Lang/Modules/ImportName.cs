namespace Mgmt.Lang.Modules;

/// <summary>What an <c>import</c> string refers to.</summary>
public enum ImportKind
{
    /// <summary>A package of the standard library: <c>"fmt"</c>, <c>"golang/strings"</c>.</summary>
    Core,

    /// <summary>An mcl file next to the importing module's entry file: <c>"second.mcl"</c>, <c>"dir/x.mcl"</c>.</summary>
    LocalFile,

    /// <summary>A module directory next to the importing module's entry file: <c>"mod1/"</c>.</summary>
    LocalModule,

    /// <summary>A module fetched from elsewhere, found in a module directory: <c>"git://github.com/user/mgmt-x/"</c>.</summary>
    RemoteModule,
}

/// <summary>
/// A parsed <c>import</c> string: its <see cref="Kind"/>, the default alias (the last path part, without a
/// <c>mgmt-</c> prefix or a <c>.mcl</c> suffix, with <c>-</c> written as <c>_</c>), and the path to look for.
/// </summary>
public sealed record ImportName(string Text, ImportKind Kind, string Alias, string Path)
{
    private const string ModulePrefix = "mgmt-";
    private const string Extension = ".mcl";

    /// <summary>Parses an import string; throws <see cref="ModuleException"/> saying why it is not valid.</summary>
    public static ImportName Parse(string text)
    {
        if (text.Length == 0) throw new ModuleException("the import name is empty");
        if (text.StartsWith('/')) throw new ModuleException("absolute paths are not allowed; write the path relative to this module");

        var scheme = "";
        var host = "";
        var path = text;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            scheme = text[..schemeEnd];
            var rest = text[(schemeEnd + 3)..];
            var slash = rest.IndexOf('/');
            host = slash < 0 ? rest : rest[..slash];
            path = slash < 0 ? "" : rest[slash..];
            if (scheme.Length == 0 || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                throw new ModuleException($"`{scheme}` is not a valid URL scheme; write remote modules like `git://example.com/user/mgmt-name/`");
            }
        }
        if (path.Length == 0 || path == "/") throw new ModuleException("the import path is empty");
        if (path.Contains('\\') || path.Contains("//", StringComparison.Ordinal) || path.Split('/').Any(p => p is "." or ".."))
        {
            throw new ModuleException("the path must be clean: no `.` or `..` parts, no empty parts and no backslashes");
        }

        var trimmed = path.TrimEnd('/');
        var last = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        var isLocal = scheme.Length == 0;
        var isFile = isLocal && path.EndsWith(Extension, StringComparison.Ordinal);
        var isDirectory = path.EndsWith('/');
        if (isFile) last = last[..^Extension.Length];
        if (last.StartsWith(ModulePrefix, StringComparison.Ordinal) && last.Length > ModulePrefix.Length)
        {
            last = last[ModulePrefix.Length..];
        }
        var alias = last.Replace('-', '_').ToLowerInvariant();
        if (alias.StartsWith('_') || alias.EndsWith('_'))
        {
            throw new ModuleException("the name must not begin or end with a dash or an underscore");
        }

        if (!isLocal)
        {
            var hostName = host.Split(':');
            if (hostName.Length > 2) throw new ModuleException($"the host `{host}` has too many colons");
            var remotePath = (hostName[0] + path).TrimStart('/');
            if (!remotePath.EndsWith('/')) remotePath += "/";
            return new ImportName(text, ImportKind.RemoteModule, alias, remotePath);
        }
        if (isFile) return new ImportName(text, ImportKind.LocalFile, alias, path);
        if (isDirectory) return new ImportName(text, ImportKind.LocalModule, alias, path);
        return new ImportName(text, ImportKind.Core, alias, path);
    }

    /// <summary>True when <paramref name="alias"/> can be used as a namespace in mcl code.</summary>
    public static bool IsValidAlias(string alias) =>
        alias.Length > 0 && char.IsAsciiLetterLower(alias[0]) &&
        alias.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
