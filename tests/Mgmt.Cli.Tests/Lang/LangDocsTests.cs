using System.Text.RegularExpressions;
using Mgmt.Cli.Tests.CommandLine;

namespace Mgmt.Cli.Tests.Lang;

/// <summary>The mcl snippets of the language guide, of the page on reactive programs and of the resource pages are real programs.</summary>
public sealed partial class LangDocsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mgmt-lang-docs-");

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in new[]
        {
            "language.md", "reactive.md", "resources/tftp.md", "resources/docker.md", "resources/augeas.md", "resources/gsettings.md",
            "resources/virt-network.md", "resources/net.md", "resources/dhcp.md", "resources/pkg.md",
        })
        {
            var count = Blocks(page).Count;
            Assert.True(count > 0, $"docs/{page} has no mcl snippet");
            for (var i = 0; i < count; i++) data.Add(page, i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task Every_snippet_compiles(string page, int index)
    {
        var program = Path.Combine(_dir.FullName, $"{page.Replace('/', '-')}-snippet{index}.mcl");
        await File.WriteAllTextAsync(program, Blocks(page)[index], TestContext.Current.CancellationToken);
        var (code, _, error) = await CliRun.RunAsync(["check", "lang", program]);
        Assert.True(code == 0, $"snippet {index + 1} of docs/{page}:\n{Blocks(page)[index]}\n{error}");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static List<string> Blocks(string page) =>
        [.. MclBlock().Matches(File.ReadAllText(Page(page))).Select(m => m.Groups[1].Value)];

    private static string Page(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"docs/{name} not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("```mcl\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MclBlock();
}
