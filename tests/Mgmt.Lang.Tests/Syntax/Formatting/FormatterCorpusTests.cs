using System.Text;
using Mgmt.Conformance;
using Mgmt.Lang.Core;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax;
using Mgmt.Lang.Syntax.Formatting;
using Mgmt.Resources;

namespace Mgmt.Lang.Tests.Syntax.Formatting;

/// <summary>
/// <c>mgmt fmt</c> on real programs: every program of examples/ and of the conformance archives is formatted;
/// formatting again changes nothing, the tokens are the same, a badly re-indented copy formats to the very same
/// text, and each conformance case that fmt changes produces the same outcome (its graph, or its error phase) from
/// the formatted sources as from the originals. (The public archives, laid out by the reference's own formatter,
/// are left unchanged by ours at the time of writing, so the re-indented copies carry that part of the proof.)
/// </summary>
public sealed class FormatterCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_example_program_formats_idempotently_with_the_same_tokens()
    {
        var examples = Path.Combine(RepositoryRoot(), "examples");
        var files = Directory.GetFiles(examples, "*.mcl", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files) AssertFormatsWell(file, File.ReadAllText(file));
    }

    [Fact]
    public async Task Every_conformance_program_keeps_its_meaning_once_formatted()
    {
        var cases = ConformanceRun.FindCasesDirectory();
        if (cases is null)
        {
            Assert.Skip($"the mcl conformance archives are absent: set ${ConformanceRun.DirectoryVariable} or provide ../shared/mcl-conformance/cases");
        }
        var scratch = Directory.CreateTempSubdirectory("mgmt-fmt-corpus-");
        try
        {
            var formattedFiles = 0;
            var compared = 0;
            foreach (var (suite, folder) in new[] { (Suite.Func1, "TestAstFunc1"), (Suite.Func2, "TestAstFunc2"), (Suite.Func3, "TestAstFunc3") })
            {
                var runner = new CaseRunner(suite, CoreLibrary.Create, ResourceKinds.CreateRegistry);
                foreach (var path in Directory.GetFiles(Path.Combine(cases, folder), "*.txtar").Order(StringComparer.Ordinal))
                {
                    var archive = Txtar.Read(path);
                    var changed = new List<TxtarFile>();
                    var any = false;
                    var parses = true;
                    foreach (var f in archive.Files)
                    {
                        if (!f.Name.EndsWith(".mcl", StringComparison.Ordinal))
                        {
                            changed.Add(f);
                            continue;
                        }
                        string formatted;
                        try
                        {
                            formatted = MclFormatter.Format("/" + f.Name, f.Text);
                        }
                        catch (LangException e) when (e.Phase == Phase.LexParse)
                        {
                            parses = false; // a case about a syntax error: fmt refuses it, which is right
                            break;
                        }
                        AssertFormatsWell($"{path}:{f.Name}", f.Text);
                        formattedFiles++;
                        any |= formatted != f.Text;
                        changed.Add(f with { Data = Encoding.UTF8.GetBytes(formatted) });
                    }
                    if (!parses || !any) continue;
                    var copy = Path.Combine(scratch.FullName, folder, Path.GetFileName(path));
                    Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                    await File.WriteAllBytesAsync(copy, Write(archive with { Files = changed }), TestContext.Current.CancellationToken);
                    var before = await runner.RunAsync(path);
                    var after = await runner.RunAsync(copy);
                    compared++;
                    // Positions may move (blank lines go), so error cases compare their phase; graph cases their graph.
                    Assert.True(before.Skipped == after.Skipped && before.Phase == after.Phase && (before.IsErrorCase || before.Exact == after.Exact),
                        $"{folder}/{Path.GetFileName(path)} changed meaning once formatted: before [{before.Tiers}] {before.Detail}; after [{after.Tiers}] {after.Detail}");
                }
            }
            output.WriteLine($"{formattedFiles} conformance files formatted; {compared} archives changed by fmt were run before and after");
            Assert.True(formattedFiles > 300, $"only {formattedFiles} files formatted, {compared} archives were changed by fmt: is the corpus there?");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static void AssertFormatsWell(string name, string text)
    {
        var once = MclFormatter.Format(name, text);
        Assert.True(once == MclFormatter.Format(name, once), $"{name}: formatting twice changes it");
        Assert.Equal(Tokens(name, text), Tokens(name, once));
        // Bad indentation and trailing blanks are undone completely: the layout depends on the tokens only.
        if (Mess(name, text) is { } messy) Assert.True(once == MclFormatter.Format(name, messy), $"{name}: a re-indented copy formats differently");
    }

    // The token kinds and texts, blank lines aside: what the parser sees.
    private static List<string> Tokens(string name, string text)
    {
        var (tokens, comments) = Lexer.Tokenize(new SourceFile(name, text));
        var list = new List<string>();
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Newline && list.Count > 0 && list[^1] == "\\n") continue;
            if (t.Kind == TokenKind.EndOfFile && list.Count > 0 && list[^1] == "\\n") list.RemoveAt(list.Count - 1);
            list.Add(t.Kind == TokenKind.Newline ? "\\n" : $"{t.Kind}:{t.Text}:{t.IntValue}:{t.FloatValue}");
        }
        list.AddRange(comments.Select(c => "#" + c.Text.TrimEnd()));
        if (list.Count > 0 && list[0] == "\\n") list.RemoveAt(0);
        return list;
    }

    /// <summary>The text with every line re-indented by spaces and trailing blanks added; null when a string spans lines.</summary>
    private static string? Mess(string name, string text)
    {
        var (tokens, _) = Lexer.Tokenize(new SourceFile(name, text));
        if (tokens.Any(t => t.EndLine > t.Line)) return null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var body = lines[i].TrimStart(' ', '\t');
            if (body.Length == 0) continue;
            lines[i] = new string(' ', (i * 7) % 5) + body + "  ";
        }
        return string.Join('\n', lines);
    }

    private static byte[] Write(TxtarArchive archive)
    {
        var sb = new StringBuilder(archive.CommentText);
        foreach (var f in archive.Files) sb.Append("-- ").Append(f.Name).Append(" --\n").Append(f.Text);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "mgmt.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("the repository root (mgmt.slnx) was not found");
    }
}
