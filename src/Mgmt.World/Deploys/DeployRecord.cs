using System.Globalization;
using System.Text;

namespace Mgmt.World.Deploys;

/// <summary>One file a deploy carries: its path inside the deploy, the sha256 of its content (lower-case hex) and
/// its size.</summary>
public sealed record DeployFile(string Path, string Sha256, long Size);

/// <summary>
/// What a deploy is: its number in the history, the deploy before it, when and how it was made, the front end that
/// runs it and the manifest of its files. The signature covers <see cref="ToCanonicalText"/>, which is also the very
/// text stored, so an agent verifies exactly the bytes it reads and parses them only afterwards.
/// </summary>
public sealed record DeployRecord
{
    /// <summary>The first line of the canonical form: its version.</summary>
    public const string Header = "mgmt-deploy 1";

    public required ulong Id { get; init; }

    /// <summary>The deploy this one follows (0 for the first).</summary>
    public required ulong Parent { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>The front end: <c>lang</c>, <c>yaml</c> or <c>empty</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>What the front end is given, relative to the deploy's root: a file, or <c>.</c> for the root directory
    /// (a module with main.mcl or metadata.yaml); empty for <c>empty</c>.</summary>
    public required string Entry { get; init; }

    /// <summary><c>immediate</c> or <c>sync</c>.</summary>
    public required string Rollout { get; init; }

    /// <summary>Seconds a <c>sync</c> rollout waits for every host to be ready before it is aborted.</summary>
    public required int TimeoutSeconds { get; init; }

    public bool Noop { get; init; }

    /// <summary>0: no limit.</summary>
    public int Sema { get; init; }

    public bool AutoEdges { get; init; } = true;

    public bool AutoGroup { get; init; } = true;

    /// <summary>The git commit the input was at, or null when it is not in a repository (or <c>--no-git</c>).</summary>
    public string? GitCommit { get; init; }

    /// <summary>Who made it (user@host), for people reading the history; not an identity: the signature is.</summary>
    public string Author { get; init; } = "";

    /// <summary>Every file, sorted by path (ordinal).</summary>
    public required IReadOnlyList<DeployFile> Files { get; init; }

    public static readonly string[] Kinds = ["lang", "yaml", "empty"];

    public static readonly string[] Rollouts = ["immediate", "sync"];

    /// <summary>The one text form of the record: line based, fields in a fixed order, files sorted by path.</summary>
    public string ToCanonicalText()
    {
        Check();
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        Line(text, "id", Id.ToString(CultureInfo.InvariantCulture));
        Line(text, "parent", Parent.ToString(CultureInfo.InvariantCulture));
        Line(text, "time", Time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        Line(text, "author", Author);
        Line(text, "kind", Kind);
        Line(text, "entry", Entry);
        Line(text, "rollout", Rollout);
        Line(text, "timeout", TimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        Line(text, "noop", Noop ? "true" : "false");
        Line(text, "sema", Sema.ToString(CultureInfo.InvariantCulture));
        Line(text, "autoedges", AutoEdges ? "true" : "false");
        Line(text, "autogroup", AutoGroup ? "true" : "false");
        Line(text, "git", GitCommit ?? "-");
        foreach (var file in Files)
        {
            Line(text, "file", $"{file.Sha256} {file.Size.ToString(CultureInfo.InvariantCulture)} {file.Path}");
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, string value) => text.Append(name).Append(' ').Append(value).Append('\n');

    /// <summary>Reads the canonical form back, strictly: anything else than what <see cref="ToCanonicalText"/> writes
    /// is refused, so two different texts never read as the same record.</summary>
    /// <exception cref="FormatException">with what is wrong.</exception>
    public static DeployRecord Parse(string text)
    {
        if (!text.EndsWith('\n')) throw new FormatException("the deploy record does not end with a line break");
        var lines = text[..^1].Split('\n');
        var at = 0;
        string Next(string name)
        {
            if (at >= lines.Length) throw new FormatException($"the deploy record ends before its '{name}' line");
            var line = lines[at++];
            var prefix = name + " ";
            if (!line.StartsWith(prefix, StringComparison.Ordinal)) throw new FormatException($"line {at} of the deploy record should be '{name} ...'");
            return line[prefix.Length..];
        }
        if (lines[at++] != Header) throw new FormatException($"the deploy record does not start with '{Header}' (made by a newer mgmt?)");
        var id = ParseId(Next("id"), "id");
        var parent = ParseId(Next("parent"), "parent");
        var time = DateTimeOffset.ParseExact(Next("time"), "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var author = Next("author");
        var kind = Next("kind");
        var entry = Next("entry");
        var rollout = Next("rollout");
        var timeout = ParseInt(Next("timeout"), "timeout");
        var noop = ParseBool(Next("noop"), "noop");
        var sema = ParseInt(Next("sema"), "sema");
        var autoEdges = ParseBool(Next("autoedges"), "autoedges");
        var autoGroup = ParseBool(Next("autogroup"), "autogroup");
        var git = Next("git");
        var files = new List<DeployFile>();
        while (at < lines.Length)
        {
            var parts = Next("file").Split(' ', 3);
            if (parts.Length != 3) throw new FormatException($"line {at} of the deploy record is not 'file SHA256 SIZE PATH'");
            files.Add(new DeployFile(parts[2], parts[0], long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : throw new FormatException($"line {at} of the deploy record has no valid size")));
        }
        var record = new DeployRecord
        {
            Id = id, Parent = parent, Time = time, Author = author, Kind = kind, Entry = entry, Rollout = rollout, TimeoutSeconds = timeout,
            Noop = noop, Sema = sema, AutoEdges = autoEdges, AutoGroup = autoGroup, GitCommit = git == "-" ? null : git, Files = files,
        };
        record.Check();
        if (record.ToCanonicalText() != text) throw new FormatException("the deploy record is not in canonical form");
        return record;
    }

    /// <summary>Refuses a record that the canonical form cannot hold unambiguously.</summary>
    private void Check()
    {
        if (Id == 0) throw new FormatException("deploy ids start at 1");
        if (Parent != Id - 1) throw new FormatException($"deploy {Id} must follow deploy {Id - 1}, not {Parent}");
        if (!Kinds.Contains(Kind)) throw new FormatException($"unknown deploy kind '{Kind}' (expected lang, yaml or empty)");
        if (!Rollouts.Contains(Rollout)) throw new FormatException($"unknown rollout '{Rollout}' (expected immediate or sync)");
        if (TimeoutSeconds < 1) throw new FormatException("the rollout timeout must be 1 second or more");
        if (Sema < 0) throw new FormatException("sema cannot be negative");
        CheckText(Author, "author");
        CheckText(Entry, "entry");
        // The entry is read by the front end inside the deploy's directory: it must not point outside it.
        if (Kind == "empty" ? Entry.Length != 0 : Entry != "." && !IsPath(Entry))
        {
            throw new FormatException($"the entry '{Entry}' is not '.' or a path inside the deploy (or, for empty, nothing)");
        }
        if (GitCommit is not null && (GitCommit.Length is < 7 or > 64 || !GitCommit.All(char.IsAsciiHexDigitLower))) throw new FormatException($"'{GitCommit}' is not a git commit id");
        string? previous = null;
        foreach (var file in Files)
        {
            CheckPath(file.Path);
            if (file.Sha256.Length != 64 || !file.Sha256.All(char.IsAsciiHexDigitLower)) throw new FormatException($"'{file.Sha256}' is not a sha256 in lower-case hex");
            if (file.Size < 0) throw new FormatException($"file {file.Path} has a negative size");
            if (previous is not null && string.CompareOrdinal(previous, file.Path) >= 0) throw new FormatException("the files of a deploy must be sorted by path, each once");
            previous = file.Path;
        }
    }

    /// <summary>A path inside a deploy: relative, '/'-separated, no empty, '.' or '..' part, no control character.</summary>
    public static void CheckPath(string path)
    {
        CheckText(path, "path");
        if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Any(p => p is "" or "." or ".."))
        {
            throw new FormatException($"'{path}' cannot be a path inside a deploy (relative, without '.', '..' or empty parts)");
        }
    }

    private static bool IsPath(string path)
    {
        try
        {
            CheckPath(path);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void CheckText(string value, string what)
    {
        if (value.Any(char.IsControl)) throw new FormatException($"the {what} '{value.ReplaceLineEndings(" ")}' contains a control character");
    }

    private static ulong ParseId(string text, string what) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"the deploy record's {what} '{text}' is not a number");

    private static int ParseInt(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"the deploy record's {what} '{text}' is not a number");

    private static bool ParseBool(string text, string what) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"the deploy record's {what} '{text}' is not true or false"),
    };
}
