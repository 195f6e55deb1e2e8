using Mgmt.Resources.Tests.Support;
using Mgmt.Tests.Support;

namespace Mgmt.Resources.Tests.Http;

/// <summary>
/// An http:server with a certificate speaks HTTPS only, verified against the test's own CA, and with a user and
/// password it answers 401 to anyone without them; both checked with the real curl.
/// </summary>
public sealed class HttpServerSecurityTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestCertificates _certs;

    public HttpServerSecurityTests() => _certs = new TestCertificates(_dir.Path);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Https_with_basic_authentication_answers_401_without_credentials_and_200_with_them()
    {
        var (cert, key) = _certs.IssueServer();
        var server = HttpEngineRun.NewServer();
        server.Cert = cert;
        server.Key = key;
        server.Username = "admin";
        server.Password = "s3cret pass";
        var file = new HttpServerFileResource { Name = "/secret.txt", Data = "the payload" };
        await using var run = await HttpEngineRun.StartAsync(server, file);
        var url = $"https://127.0.0.1:{run.Port}/secret.txt";

        var anonymous = await Curl.RunAsync(Cancel, "--cacert", _certs.CaPath, url);
        Assert.Equal(0, anonymous.Exit);
        Assert.Equal(401, anonymous.Status);
        Assert.DoesNotContain("the payload", anonymous.Body);

        var wrong = await Curl.RunAsync(Cancel, "--cacert", _certs.CaPath, "-u", "admin:guess", url);
        Assert.Equal(401, wrong.Status);

        var allowed = await Curl.RunAsync(Cancel, "--cacert", _certs.CaPath, "-u", "admin:s3cret pass", url);
        Assert.Equal((0, 200, "the payload"), allowed);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_CA_and_plain_HTTP_both_get_nothing()
    {
        var (cert, key) = _certs.IssueServer();
        var server = HttpEngineRun.NewServer();
        server.Cert = cert;
        server.Key = key;
        var file = new HttpServerFileResource { Name = "/x", Data = "x" };
        await using var run = await HttpEngineRun.StartAsync(server, file);

        // curl's own trust store does not hold the test CA: the certificate cannot be verified (exit 60).
        var untrusted = await Curl.RunAsync(Cancel, $"https://127.0.0.1:{run.Port}/x");
        Assert.Equal(60, untrusted.Exit);

        using var other = new TempDirectory();
        using var otherCa = new TestCertificates(other.Path, "another CA");
        var wrongCa = await Curl.RunAsync(Cancel, "--cacert", otherCa.CaPath, $"https://127.0.0.1:{run.Port}/x");
        Assert.Equal(60, wrongCa.Exit);

        var plain = await Curl.RunAsync(Cancel, $"http://127.0.0.1:{run.Port}/x");
        Assert.NotEqual(200, plain.Status);
        Assert.NotEqual("x", plain.Body);

        var verified = await Curl.RunAsync(Cancel, "--cacert", _certs.CaPath, $"https://127.0.0.1:{run.Port}/x");
        Assert.Equal((0, 200, "x"), verified);
    }

    [Fact]
    public async Task A_missing_key_file_fails_the_server_with_a_message_instead_of_serving_plain_HTTP()
    {
        var (cert, _) = _certs.IssueServer();
        var server = HttpEngineRun.NewServer();
        server.Cert = cert;
        server.Key = _dir["nothere.key"];
        var graph = new Engine.Graph.ResourceGraph { Name = "bad-tls" };
        graph.AddVertex(server);
        await using var run = await HttpEngineRun.CommitAsync(server, graph);
        await run.EventuallyAsync(() => run.StatusOf("http:server", "web").LastError is not null, "the server to fail");
        Assert.Contains("nothere.key' does not exist", run.StatusOf("http:server", "web").LastError);
        Assert.Null(server.BoundPort);
    }

    [Theory]
    [InlineData("/c.pem", "", "", "", "set both 'cert' and 'key'")]
    [InlineData("c.pem", "k.pem", "", "", "must be an absolute file path")]
    [InlineData("", "", "admin", "", "set both 'username' and 'password'")]
    [InlineData("", "", "a:b", "pw", "cannot contain ':'")]
    public void Incomplete_security_settings_are_refused(string cert, string key, string user, string password, string message)
    {
        var server = new HttpServerResource { Name = "web", Address = "127.0.0.1:0", Cert = cert, Key = key, Username = user, Password = password };
        var e = Assert.Throws<Engine.Resources.ResourceValidationException>(server.Validate);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Basic_authentication_over_plain_HTTP_is_refused_beyond_loopback()
    {
        var server = new HttpServerResource { Name = "web", Address = ":8080", Username = "admin", Password = "pw" };
        var e = Assert.Throws<Engine.Resources.ResourceValidationException>(server.Validate);
        Assert.Contains("password in clear", e.Message);
        new HttpServerResource { Name = "web", Address = "127.0.0.1:8080", Username = "admin", Password = "pw" }.Validate();
    }

    public void Dispose()
    {
        _certs.Dispose();
        _dir.Dispose();
    }
}
