using Microsoft.AspNetCore.Http;

namespace Mgmt.Resources;

/// <summary>Turns a Kestrel request into the <see cref="HttpServerRequest"/> the members route on, and writes their answer back.</summary>
internal static class HttpExchange
{
    /// <summary>Reads the request, body included; null when the body is larger than the server accepts (413 was answered).</summary>
    public static async Task<HttpServerRequest?> ReadAsync(HttpContext context, CancellationToken aborted)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers) headers[name] = values.ToString();
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(context, HttpServerResponse.Text(413, "413 the request body is too large")).ConfigureAwait(false);
            return null;
        }
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        return new HttpServerRequest(request.Method.ToUpperInvariant(), request.Path.HasValue ? request.Path.Value! : "/", query, headers, body)
        {
            Aborted = aborted,
        };
    }

    /// <summary>Writes <paramref name="answer"/> (and disposes it); Kestrel adds the framing.</summary>
    public static async Task WriteAsync(HttpContext context, HttpServerResponse answer)
    {
        using (answer)
        {
            var response = context.Response;
            response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers) response.Headers[name] = value;
            if (!answer.HasBody) return;
            if (answer.Length >= 0) response.ContentLength = answer.Length;
            if (HttpMethods.IsHead(context.Request.Method)) return;
            if (answer.Bytes is { } bytes) await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            else if (answer.Stream is { } stream) await stream.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
