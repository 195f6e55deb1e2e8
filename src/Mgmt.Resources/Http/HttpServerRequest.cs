using System.Text;

namespace Mgmt.Resources;

/// <summary>
/// One request as the server read it: the method, the decoded path, the raw query string, the headers
/// (names compared without case) and the whole body (small: the server refuses large bodies).
/// </summary>
internal sealed class HttpServerRequest(string method, string path, string query, Dictionary<string, string> headers, byte[] body)
{
    /// <summary>The method in upper case as sent (<c>GET</c>, <c>POST</c>...).</summary>
    public string Method { get; } = method;

    /// <summary>The percent-decoded path, always starting with <c>/</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The query string without its <c>?</c>, still encoded; empty when there is none.</summary>
    public string Query { get; } = query;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public byte[] Body { get; } = body;

    /// <summary>Fires when the client goes away (or the server stops): a handler that waits (long-poll) gives up.</summary>
    public CancellationToken Aborted { get; init; }

    public bool IsHead => Method == "HEAD";

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    /// <summary>
    /// The value of a form field: from a url-encoded body first (what an HTML form or <c>curl -d</c> sends), then
    /// from the query string. Null when neither has it.
    /// </summary>
    public string? FormValue(string key)
    {
        var type = Header("Content-Type");
        var urlEncodedBody = Body.Length > 0 &&
            (type is null || type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
        if (urlEncodedBody && FormText.Find(Encoding.UTF8.GetString(Body), key) is { } fromBody) return fromBody;
        return FormText.Find(Query, key);
    }
}

/// <summary>The <c>a=1&amp;b=two</c> encoding of HTML forms and query strings.</summary>
internal static class FormText
{
    /// <summary>The first value of <paramref name="key"/> in <paramref name="encoded"/>, decoded; null when absent.</summary>
    public static string? Find(string encoded, string key)
    {
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            if (name != key) continue;
            return equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }
        return null;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
