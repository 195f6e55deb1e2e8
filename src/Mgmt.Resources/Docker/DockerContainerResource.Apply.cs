using System.Globalization;
using Mgmt.Platform.Docker;

namespace Mgmt.Resources;

// CheckApply: find the container by its exact name, then create, start, stop, replace or remove it.
public sealed partial class DockerContainerResource
{
    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var existing = await Client.FindContainerAsync(Name, cancel).ConfigureAwait(false);
        if (existing is null)
        {
            if (State != Running) return true;
            Context.Changes.Set("state", null, Running);
            if (!apply) return false;
            await CreateAndStartAsync(cancel).ConfigureAwait(false);
            return false;
        }

        var isRunning = existing.State is "running" or "restarting" or "paused";
        if (State == Removed)
        {
            Context.Changes.Set("state", existing.State, Removed);
            if (!apply) return false;
            await Client.RemoveContainerAsync(existing.Id, cancel).ConfigureAwait(false);
            DockerLog.Container(Context.Logger, Name, "removed");
            return false;
        }
        if (!SameImage(existing.Image))
        {
            if (!Force)
            {
                throw new InvalidOperationException(
                    $"container {Name} exists but runs image {existing.Image}, not {Image}; remove it, or set force => true to replace it");
            }
            Context.Changes.Set("image", existing.Image, Image);
            if (!apply) return false;
            await Client.RemoveContainerAsync(existing.Id, cancel).ConfigureAwait(false);
            DockerLog.Container(Context.Logger, Name, $"removed to replace image {existing.Image}");
            if (State == Running) await CreateAndStartAsync(cancel).ConfigureAwait(false);
            return false;
        }
        if (State == Running && existing.State == "running") return true;
        if (State == Stopped && !isRunning) return true;
        Context.Changes.Set("state", existing.State, State);
        if (!apply) return false;
        if (State == Running)
        {
            await Client.StartContainerAsync(existing.Id, cancel).ConfigureAwait(false);
            DockerLog.Container(Context.Logger, Name, "started");
        }
        else
        {
            await Client.StopContainerAsync(existing.Id, StopSeconds, cancel).ConfigureAwait(false);
            DockerLog.Container(Context.Logger, Name, "stopped");
        }
        return false;
    }

    private bool SameImage(string image)
    {
        try
        {
            return DockerImageName.Parse(image).ToString() == DockerImageName.Parse(Image).ToString();
        }
        catch (FormatException)
        {
            return false; // an image id: the tag moved on since the container was made
        }
    }

    private async Task CreateAndStartAsync(CancellationToken cancel)
    {
        var image = DockerImageName.Parse(Image);
        if (!await Client.ImageExistsAsync(image, cancel).ConfigureAwait(false))
        {
            await Client.PullImageAsync(image, cancel).ConfigureAwait(false);
            DockerLog.Image(Context.Logger, image.ToString(), "pulled");
        }
        var spec = new DockerContainerSpec
        {
            Image = Image,
            Cmd = Cmd is { Count: > 0 } ? [.. Cmd] : null,
            Env = Env is { Count: > 0 } ? [.. Env] : null,
        };
        foreach (var (protocol, host, container) in PortList())
        {
            var port = $"{container.ToString(CultureInfo.InvariantCulture)}/{protocol}";
            spec.ExposedPorts[port] = new DockerEmpty();
            if (!spec.HostConfig.PortBindings.TryGetValue(port, out var bindings)) spec.HostConfig.PortBindings[port] = bindings = [];
            bindings.Add(new DockerPortBinding { HostIp = "0.0.0.0", HostPort = host.ToString(CultureInfo.InvariantCulture) });
        }
        var id = await Client.CreateContainerAsync(Name, spec, cancel).ConfigureAwait(false);
        DockerLog.Container(Context.Logger, Name, $"created from {Image}");
        await Client.StartContainerAsync(id, cancel).ConfigureAwait(false);
        DockerLog.Container(Context.Logger, Name, "started");
    }
}
