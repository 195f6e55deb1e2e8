using System.Globalization;
using System.Text.RegularExpressions;

namespace Mgmt.Cli.Tests.Observability;

/// <summary>Reads the agent's metrics as Prometheus would: one GET of /metrics, then one sample by name and labels.</summary>
internal sealed partial class Scrape(string text)
{
    public string Text { get; } = text;

    public static async Task<Scrape> FromAsync(HttpClient client, string url) =>
        new(await client.GetStringAsync(url, TestContext.Current.CancellationToken));

    /// <summary>The value of the sample <c>name{labels}</c> (labels as written, such as <c>kind="file",name="/x"</c>); 0 when absent.</summary>
    public double this[string name, string labels = ""]
    {
        get
        {
            var key = labels.Length == 0 ? name : $"{name}{{{labels}}}";
            foreach (var line in Text.Split('\n'))
            {
                if (line.StartsWith(key + " ", StringComparison.Ordinal))
                {
                    return double.Parse(line[(key.Length + 1)..], CultureInfo.InvariantCulture);
                }
            }
            return 0;
        }
    }

    /// <summary>The URL a log line announced (<c>serving ... at http://...</c>).</summary>
    public static string UrlFrom(string log, string what)
    {
        var match = Regex.Match(log, what + @" at (http://[0-9.:\[\]]+)(/metrics)?");
        Assert.True(match.Success, $"no '{what}' line in:\n{log}");
        return match.Groups[1].Value + match.Groups[2].Value;
    }
}
