using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Mgmt.Platform.Docker;

/// <summary>
/// The Docker Engine API over the daemon's Unix socket: containers (list, create, start, stop, remove), images
/// (inspect, pull, remove) and the event stream. Only Unix sockets are supported: a TCP daemon socket without TLS
/// would hand root on the host to anyone who reaches it.
/// </summary>
public sealed class DockerClient : IDisposable
{
    /// <summary>The daemon's usual socket.</summary>
    public const string DefaultSocket = "/var/run/docker.sock";

    private readonly HttpClient _http;
    private readonly string _prefix;

    /// <param name="socketPath">The daemon's Unix socket.</param>
    /// <param name="apiVersion">An API version such as <c>v1.41</c>, or empty for the daemon's own.</param>
    public DockerClient(string socketPath, string apiVersion = "")
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
        _prefix = apiVersion.Length > 0 ? apiVersion + "/" : "";
    }

    /// <summary>The daemon's socket this client talks to.</summary>
    public string SocketPath { get; }

    /// <summary>
    /// The socket named by <c>DOCKER_HOST</c> (<c>unix:///path</c>) when it is set, else <see cref="DefaultSocket"/>.
    /// Throws <see cref="DockerException"/> for a <c>DOCKER_HOST</c> that is not a Unix socket.
    /// </summary>
    public static string SocketFromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host)) return DefaultSocket;
        if (host.StartsWith("unix://", StringComparison.Ordinal) && host.Length > "unix://".Length) return host["unix://".Length..];
        throw new DockerException($"DOCKER_HOST is '{host}', but only a Unix socket (unix:///path) is supported");
    }

    /// <summary>Throws a <see cref="DockerException"/> unless the daemon answers.</summary>
    public async Task PingAsync(CancellationToken cancel)
    {
        using var response = await SendAsync(HttpMethod.Get, "_ping", null, cancel).ConfigureAwait(false);
        await EnsureAsync(response, "reach the daemon", cancel).ConfigureAwait(false);
    }

    /// <summary>The container named exactly <paramref name="name"/>, or null.</summary>
    public async Task<DockerContainer?> FindContainerAsync(string name, CancellationToken cancel)
    {
        var filters = Filters(("name", "^/" + System.Text.RegularExpressions.Regex.Escape(name) + "$"));
        using var response = await SendAsync(HttpMethod.Get, $"containers/json?all=1&filters={filters}", null, cancel).ConfigureAwait(false);
        await EnsureAsync(response, "list containers", cancel).ConfigureAwait(false);
        var all = await response.Content.ReadFromJsonAsync(DockerJson.Default.ListDockerContainer, cancel).ConfigureAwait(false) ?? [];
        return all.FirstOrDefault(c => c.Names.Contains("/" + name));
    }

    /// <summary>Creates a container named <paramref name="name"/> and returns its id.</summary>
    public async Task<string> CreateContainerAsync(string name, DockerContainerSpec spec, CancellationToken cancel)
    {
        var body = JsonContent(JsonSerializer.Serialize(spec, DockerJson.Default.DockerContainerSpec));
        using var response = await SendAsync(HttpMethod.Post, $"containers/create?name={Uri.EscapeDataString(name)}", body, cancel).ConfigureAwait(false);
        await EnsureAsync(response, $"create container {name}", cancel).ConfigureAwait(false);
        var created = await response.Content.ReadFromJsonAsync(DockerJson.Default.DockerCreated, cancel).ConfigureAwait(false);
        return created?.Id ?? throw new DockerException($"the daemon created container {name} but sent no id");
    }

    public Task StartContainerAsync(string id, CancellationToken cancel) => PostAsync($"containers/{id}/start", $"start container {Short(id)}", cancel);

    /// <summary>Stops the container, killing it after <paramref name="seconds"/> when it does not stop by itself.</summary>
    public Task StopContainerAsync(string id, int seconds, CancellationToken cancel) => PostAsync($"containers/{id}/stop?t={seconds}", $"stop container {Short(id)}", cancel);

    public async Task RemoveContainerAsync(string id, CancellationToken cancel)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"containers/{id}?force=1", null, cancel).ConfigureAwait(false);
        await EnsureAsync(response, $"remove container {Short(id)}", cancel).ConfigureAwait(false);
    }

    /// <summary>True when the daemon has the image locally.</summary>
    public async Task<bool> ImageExistsAsync(DockerImageName image, CancellationToken cancel)
    {
        using var response = await SendAsync(HttpMethod.Get, $"images/{Path(image)}/json", null, cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureAsync(response, $"inspect image {image}", cancel).ConfigureAwait(false);
        return true;
    }

    /// <summary>Pulls the image from its registry; the daemon reports failures inside the progress stream.</summary>
    public async Task PullImageAsync(DockerImageName image, CancellationToken cancel)
    {
        var query = $"images/create?fromImage={Uri.EscapeDataString(image.Repository)}&tag={Uri.EscapeDataString(image.EffectiveTag ?? image.Digest!)}";
        using var response = await SendAsync(HttpMethod.Post, query, null, cancel, streaming: true).ConfigureAwait(false);
        await EnsureAsync(response, $"pull image {image}", cancel).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false), Encoding.UTF8);
        while (await reader.ReadLineAsync(cancel).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0) continue;
            var progress = JsonSerializer.Deserialize(line, DockerJson.Default.DockerMessage);
            if (progress?.Error is { } error) throw new DockerException($"cannot pull image {image}: {error}");
        }
    }

    public async Task RemoveImageAsync(DockerImageName image, CancellationToken cancel)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"images/{Path(image)}", null, cancel).ConfigureAwait(false);
        await EnsureAsync(response, $"remove image {image}", cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the daemon's event stream, restricted by <paramref name="filters"/> (such as <c>type=container</c>).
    /// Returns once the daemon accepted it; <paramref name="onEvent"/> is then called for each event until the
    /// returned task ends: with cancellation, or with an error when the daemon goes away.
    /// </summary>
    public async Task<Task> WatchEventsAsync(IEnumerable<(string Key, string Value)> filters, Action onEvent, CancellationToken cancel)
    {
        var response = await SendAsync(HttpMethod.Get, $"events?filters={Filters([.. filters])}", null, cancel, streaming: true).ConfigureAwait(false);
        try
        {
            await EnsureAsync(response, "follow the daemon's events", cancel).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return ReadEventsAsync(response, onEvent, cancel);
    }

    private static async Task ReadEventsAsync(HttpResponseMessage response, Action onEvent, CancellationToken cancel)
    {
        using (response)
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false), Encoding.UTF8);
            try
            {
                while (await reader.ReadLineAsync(cancel).ConfigureAwait(false) is not null) onEvent();
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancel.IsCancellationRequested)
            {
                throw new DockerException($"the daemon's event stream broke: {e.Message}", 0, e);
            }
            cancel.ThrowIfCancellationRequested();
            throw new DockerException("the daemon closed its event stream (was it stopped?)");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task PostAsync(string path, string what, CancellationToken cancel)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified) return; // already in that state
        await EnsureAsync(response, what, cancel).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken cancel, bool streaming = false)
    {
        using var request = new HttpRequestMessage(method, _prefix + path) { Content = body };
        try
        {
            return await _http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DockerException($"cannot reach the Docker daemon at {SocketPath} ({e.InnerException?.Message ?? e.Message}); is dockerd running?", 0, e);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancel)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        string? message = null;
        try
        {
            message = JsonSerializer.Deserialize(text, DockerJson.Default.DockerMessage)?.Message;
        }
        catch (JsonException)
        {
        }
        message ??= text.Trim();
        throw new DockerException($"cannot {what}: {message} (HTTP {(int)response.StatusCode})", (int)response.StatusCode);
    }

    private static string Filters(params (string Key, string Value)[] filters)
    {
        var map = new Dictionary<string, List<string>>();
        foreach (var (key, value) in filters)
        {
            if (!map.TryGetValue(key, out var values)) map[key] = values = [];
            values.Add(value);
        }
        return Uri.EscapeDataString(JsonSerializer.Serialize(map, DockerJson.Default.DictionaryStringListString));
    }

    // Registry hosts and repository paths keep their slashes and colons in the URL; the rest is escaped.
    private static string Path(DockerImageName image) => Uri.EscapeDataString(image.ToString()).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3A", ":", StringComparison.Ordinal);

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
