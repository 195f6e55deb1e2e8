using Mgmt.Engine.Values;
using Mgmt.Platform.Docker;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Docker;

[CollectionDefinition("docker")]
public sealed class DockerCollection : ICollectionFixture<PrivateDocker>;

/// <summary>The docker kinds against a real daemon and a real registry (see <see cref="PrivateDocker"/>).</summary>
[Collection("docker")]
public sealed class DockerTests(PrivateDocker docker)
{
    private static readonly string[] Sleep = ["/bin/busybox", "sleep", "600"];

    private void Require()
    {
        if (docker.Unavailable is { } why) Assert.Skip(why);
    }

    private DockerContainerResource Container(string name, string state = DockerContainerResource.Running, string image = PrivateDocker.LocalImage) => new()
    {
        Name = name, State = state, Image = image, Cmd = Sleep, Env = ["GREETING=hello"], SocketPath = docker.Socket, StopSeconds = 1,
    };

    private static string Unique(string what) => $"mgmt-{what}-{Guid.NewGuid().ToString("N")[..6]}";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_container_is_created_started_stopped_and_removed()
    {
        Require();
        var name = Unique("c");
        await using (var h = await ResourceHarness<DockerContainerResource>.StartAsync(Container(name), watch: false))
        {
            Assert.False(await h.CheckApplyAsync(apply: false));
            Assert.Null(await docker.Client.FindContainerAsync(name, Cancel));
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal("running", (await docker.Client.FindContainerAsync(name, Cancel))!.State);
            Assert.True(await h.CheckApplyAsync());
            var inspect = await docker.ApiAsync(HttpMethod.Get, $"containers/{name}/json");
            Assert.Contains("GREETING=hello", inspect, StringComparison.Ordinal);
            Assert.Contains("\"sleep\",\"600\"", inspect, StringComparison.Ordinal);
        }
        await using (var h = await ResourceHarness<DockerContainerResource>.StartAsync(Container(name, DockerContainerResource.Stopped), watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal("exited", (await docker.Client.FindContainerAsync(name, Cancel))!.State);
            Assert.True(await h.CheckApplyAsync());
        }
        await using (var h = await ResourceHarness<DockerContainerResource>.StartAsync(Container(name, DockerContainerResource.Removed), watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Null(await docker.Client.FindContainerAsync(name, Cancel));
            Assert.True(await h.CheckApplyAsync());
        }
        // Absent counts as stopped.
        await using (var h = await ResourceHarness<DockerContainerResource>.StartAsync(Container(name, DockerContainerResource.Stopped), watch: false))
        {
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task The_watch_sees_the_container_stopped_by_someone_else()
    {
        Require();
        var name = Unique("w");
        await using var h = await ResourceHarness<DockerContainerResource>.StartAsync(Container(name));
        Assert.False(await h.CheckApplyAsync());
        await Task.Delay(300, Cancel);
        h.Context.DrainEvents();
        var id = (await docker.Client.FindContainerAsync(name, Cancel))!.Id;
        await docker.Client.StopContainerAsync(id, 1, Cancel);
        Assert.True(await h.Context.WaitForEventAsync(), "no event after the container was stopped");
        Assert.False(await h.CheckApplyAsync());
        Assert.Equal("running", (await docker.Client.FindContainerAsync(name, Cancel))!.State);
        await docker.Client.RemoveContainerAsync(id, Cancel);
    }

    [Fact]
    public async Task Another_image_is_an_error_unless_forced()
    {
        Require();
        var name = Unique("f");
        await using (var h = await ResourceHarness<DockerContainerResource>.StartAsync(Container(name), watch: false)) await h.CheckApplyAsync();
        await docker.ApiAsync(HttpMethod.Post, $"images/{PrivateDocker.LocalImage}/tag?repo=mgmt-test/other&tag=2");
        var other = Container(name, image: "mgmt-test/other:2");
        await using (var h = await ResourceHarness<DockerContainerResource>.StartAsync(other, watch: false))
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.CheckApplyAsync());
            Assert.Contains("set force => true", e.Message, StringComparison.Ordinal);
        }
        other = Container(name, image: "mgmt-test/other:2");
        other.Force = true;
        await using (var h = await ResourceHarness<DockerContainerResource>.StartAsync(other, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            var now = (await docker.Client.FindContainerAsync(name, Cancel))!;
            Assert.Equal("mgmt-test/other:2", now.Image);
            Assert.Equal("running", now.State);
            await docker.Client.RemoveContainerAsync(now.Id, Cancel);
        }
        await docker.ApiAsync(HttpMethod.Delete, "images/mgmt-test/other:2");
    }

    [Fact]
    public async Task An_image_is_pulled_from_its_registry_and_removed()
    {
        Require();
        var image = new DockerImageResource { Name = docker.RegistryImage, SocketPath = docker.Socket };
        await using (var h = await ResourceHarness<DockerImageResource>.StartAsync(image))
        {
            Assert.False(await h.CheckApplyAsync(apply: false));
            Assert.False(await h.CheckApplyAsync());
            Assert.True(await docker.Client.ImageExistsAsync(DockerImageName.Parse(docker.RegistryImage), Cancel));
            Assert.True(await h.CheckApplyAsync());

            // Someone else removes it: the watch says so and the check pulls it again.
            await Task.Delay(300, Cancel);
            h.Context.DrainEvents();
            await docker.ApiAsync(HttpMethod.Delete, $"images/{docker.RegistryImage}");
            Assert.True(await h.Context.WaitForEventAsync(), "no event after the image was removed");
            Assert.False(await h.CheckApplyAsync());
        }
        await using (var h = await ResourceHarness<DockerImageResource>.StartAsync(new DockerImageResource { Name = docker.RegistryImage, State = "absent", SocketPath = docker.Socket }, watch: false))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.False(await docker.Client.ImageExistsAsync(DockerImageName.Parse(docker.RegistryImage), Cancel));
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task A_missing_image_and_an_image_in_use_are_clear_errors()
    {
        Require();
        var missing = docker.RegistryImage.Replace(":1", ":nosuchtag", StringComparison.Ordinal);
        await using (var h = await ResourceHarness<DockerImageResource>.StartAsync(new DockerImageResource { Name = missing, SocketPath = docker.Socket }, watch: false))
        {
            var e = await Assert.ThrowsAsync<DockerException>(() => h.CheckApplyAsync());
            Assert.Contains("pull image", e.Message, StringComparison.Ordinal);
        }
        var name = Unique("u");
        await using (var h = await ResourceHarness<DockerContainerResource>.StartAsync(Container(name), watch: false)) await h.CheckApplyAsync();
        await using (var h = await ResourceHarness<DockerImageResource>.StartAsync(new DockerImageResource { Name = PrivateDocker.LocalImage, State = "absent", SocketPath = docker.Socket }, watch: false))
        {
            var e = await Assert.ThrowsAsync<DockerException>(() => h.CheckApplyAsync());
            Assert.Contains("still used by a container", e.Message, StringComparison.Ordinal);
        }
        await docker.Client.RemoveContainerAsync((await docker.Client.FindContainerAsync(name, Cancel))!.Id, Cancel);
    }

    [Fact]
    public async Task A_daemon_that_is_not_there_is_named_and_the_watch_keeps_trying()
    {
        var container = new DockerContainerResource { Name = "x", Image = "debian", SocketPath = "/nonexistent/docker.sock" };
        await using var h = await ResourceHarness<DockerContainerResource>.StartAsync(container);
        var e = await Assert.ThrowsAsync<DockerException>(() => h.CheckApplyAsync());
        Assert.Contains("cannot reach the Docker daemon at /nonexistent/docker.sock", e.Message, StringComparison.Ordinal);
        Assert.False(h.Watch!.IsCompleted);
    }

    [Fact]
    public void A_container_comes_after_its_image_and_is_removed_before_it()
    {
        var running = new DockerContainerResource { Name = "c", Image = "debian" };
        var seek = Assert.Single(running.AutoEdges());
        Assert.Equal(new Engine.Resources.ResourceUid("docker:image", "debian:latest"), Assert.Single(seek.Candidates));
        Assert.False(seek.Reversed);
        Assert.True(Assert.Single(new DockerContainerResource { Name = "c", Image = "debian", State = "removed" }.AutoEdges()).Reversed);
        Assert.Equal(new Engine.Resources.ResourceUid("docker:image", "debian:latest"), Assert.Single(new DockerImageResource { Name = "debian" }.Uids()));
    }

    [Theory]
    [InlineData("c", "on", "debian", "", "state 'on'")]
    [InlineData("c", "running", "", "", "image is empty")]
    [InlineData("c", "running", "deb ian", "", "is not an image name")]
    [InlineData("bad/name", "running", "debian", "", "cannot name a container")]
    [InlineData("c", "running", "debian", "NOEQUALS", "is not NAME=value")]
    public void Container_parameters_are_checked(string name, string state, string image, string env, string expected)
    {
        var c = new DockerContainerResource { Name = name, State = state, Image = image, Env = env.Length > 0 ? [env] : null };
        var e = Assert.Throws<Engine.Resources.ResourceValidationException>(c.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ports_and_api_versions_are_checked()
    {
        Value Ports(string protocol, long host, long container) => new MapValue(
            (MapType)DataType.Parse(DockerContainerResource.PortsType),
            [KeyValuePair.Create<Value, Value>(new StrValue(protocol), new MapValue((MapType)DataType.Parse("map{int: int}"), [KeyValuePair.Create<Value, Value>(new IntValue(host), new IntValue(container))]))]);
        var bad = new DockerContainerResource { Name = "c", Image = "debian", Ports = Ports("icmp", 80, 80) };
        Assert.Contains("not a protocol", Assert.Throws<Engine.Resources.ResourceValidationException>(bad.Validate).Message, StringComparison.Ordinal);
        bad = new DockerContainerResource { Name = "c", Image = "debian", Ports = Ports("tcp", 70000, 80) };
        Assert.Contains("out of range", Assert.Throws<Engine.Resources.ResourceValidationException>(bad.Validate).Message, StringComparison.Ordinal);
        new DockerContainerResource { Name = "c", Image = "debian", Ports = Ports("tcp", 8080, 80) }.Validate();
        bad = new DockerContainerResource { Name = "c", Image = "debian", ApiVersion = "1.41" };
        Assert.Contains("apiversion", Assert.Throws<Engine.Resources.ResourceValidationException>(bad.Validate).Message, StringComparison.Ordinal);
        Assert.Throws<Engine.Resources.ResourceValidationException>(new DockerImageResource { Name = "debian", State = "present" }.Validate);
    }
}
