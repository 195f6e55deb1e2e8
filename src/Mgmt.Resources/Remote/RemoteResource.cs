using System.Security.Cryptography;
using System.Text;
using Mgmt.Engine.Resources;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>remote</c>: an mgmt agent on another host, started over SSH. The check logs in (OpenSSH, keys only, host key
/// checked), puts the mgmt binary in a private working directory (<c>~/.mgmt/remote/ID/</c>), and starts
/// <c>mgmt run --hostname H [--seeds S --no-server] [--converged-exit --converger-timeout N] empty</c> there, detached,
/// with its pid and log in that directory; or, with <c>state => "stopped"</c>, stops it. The remote agent joins the
/// cluster at <see cref="Seeds"/> (through an SSH tunnel with <see cref="Tunnelled"/>) and runs what the cluster gives it.
/// </summary>
/// <remarks>
/// With <see cref="Transient"/> (the default) the remote agent lives as long as this resource: the watch holds the
/// SSH connection (and the tunnel), and stopping the resource stops the remote agent (SIGINT, then SIGKILL after 30 s).
/// See docs/resources/remote.md and <c>RemoteResource.Watch.cs</c>.
/// </remarks>
[ResourceKind("remote")]
public sealed partial class RemoteResource : Resource
{
    public const string StateRunning = "running";
    public const string StateStopped = "stopped";

    private SshTarget? _target;
    private string? _workDirectory; // on the remote host, absolute, known after the first login

    /// <summary>The SSH address, <c>ssh://user@host:port</c>; empty uses the name.</summary>
    [Param("remote")]
    public string Remote { get; set; } = "";

    /// <summary>The hostname the remote agent takes in the cluster; empty asks the remote host its own name.</summary>
    [Param("hostname")]
    public string Hostname { get; set; } = "";

    /// <summary><c>running</c> (the default) or <c>stopped</c>.</summary>
    [Param("state")]
    public string State { get; set; } = StateRunning;

    /// <summary>The private key to log in with; empty: the agent user's default SSH keys.</summary>
    [Param("ssh_id")]
    public string SshId { get; set; } = "";

    /// <summary>The host's public key (base64, as in known_hosts or from ssh-keyscan); empty: the user's known_hosts.</summary>
    [Param("hostkey")]
    public string HostKey { get; set; } = "";

    /// <summary>Keep the copied binary and the working directory when the remote agent stops (default true).</summary>
    [Param("caching")]
    public bool Caching { get; set; } = true;

    /// <summary>The remote agent stops when this resource stops (default true).</summary>
    [Param("transient")]
    public bool Transient { get; set; } = true;

    /// <summary>The remote agent reaches the seeds through a reverse SSH tunnel (default true; needs transient).</summary>
    [Param("tunnelled")]
    public bool Tunnelled { get; set; } = true;

    /// <summary>Where the tunnel listens on the remote host (default 127.0.0.1:2379).</summary>
    [Param("tunnel_addr")]
    public string TunnelAddr { get; set; } = "127.0.0.1:2379";

    /// <summary>The etcd client URLs of the cluster the remote agent joins (default http://127.0.0.1:2379); empty: it runs alone.</summary>
    [Param("seeds")]
    public string Seeds { get; set; } = "http://127.0.0.1:2379";

    /// <summary>Seconds of quiet after which the remote agent counts as converged and exits; unset: it keeps running.</summary>
    [Param("converger_timeout")]
    public long? ConvergerTimeout { get; set; }

    /// <summary>The path of mgmt on the remote host; empty copies this agent's own binary (a single-file build).</summary>
    [Param("mgmt_path")]
    public string MgmtPath { get; set; } = "";

    private SshTarget Target => _target ?? throw new InvalidOperationException($"{this} used before Init");

    private string Address => Remote.Length > 0 ? Remote : Name;

    public override void Validate()
    {
        SshTarget target;
        try
        {
            target = SshTarget.Parse(Address);
        }
        catch (FormatException e)
        {
            throw new ResourceValidationException(Remote.Length > 0 ? $"remote: {e.Message}" : $"{e.Message} (the name is used because 'remote' is empty)");
        }
        if (State is not (StateRunning or StateStopped)) throw new ResourceValidationException($"state '{State}' must be '{StateRunning}' or '{StateStopped}'");
        if (SshId.Length > 0 && !SshId.StartsWith('/')) throw new ResourceValidationException($"ssh_id '{SshId}' must be an absolute path to a private key");
        if (MgmtPath.Length > 0 && !MgmtPath.StartsWith('/')) throw new ResourceValidationException($"mgmt_path '{MgmtPath}' must be an absolute path on the remote host");
        if (HostKey.Length > 0)
        {
            try
            {
                target.KnownHostsLine(HostKey);
            }
            catch (FormatException e)
            {
                throw new ResourceValidationException($"hostkey: {e.Message}");
            }
        }
        if (Tunnelled && Seeds.Length > 0)
        {
            if (!Transient) throw new ResourceValidationException("tunnelled needs transient => true: the tunnel closes when this resource stops, and the remote agent could not reach the cluster any more");
            if (!System.Net.IPEndPoint.TryParse(TunnelAddr, out var tunnel) || tunnel.Port == 0)
            {
                throw new ResourceValidationException($"tunnel_addr '{TunnelAddr}' must be an IP address and a port, such as 127.0.0.1:2379");
            }
        }
        foreach (var seed in Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(seed, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Port <= 0)
            {
                throw new ResourceValidationException($"seed '{seed}' must be an etcd client URL such as http://127.0.0.1:2379");
            }
        }
        if (ConvergerTimeout is < 0) throw new ResourceValidationException($"converger_timeout is {ConvergerTimeout}: give a number of seconds (0 or more), or leave it unset");
        if (ConvergerTimeout is not null && !Transient) throw new ResourceValidationException("converger_timeout makes the remote agent exit by itself, which needs transient => true");
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        var target = SshTarget.Parse(Address);
        var known = HostKey.Length > 0 ? SshTarget.WriteKnownHosts(context.VarDir("ssh"), target, HostKey) : null;
        _target = target.With(SshId.Length > 0 ? SshId : null, known);
    }

    /// <summary>A stable id of this remote (its address and hostname), naming its working directory.</summary>
    private string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Target.Display}\n{Hostname}")))[..10];

    public override async Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        // In noop mode nothing is made there: no working directory means no agent.
        var wd = await WorkDirectoryAsync(create: apply, cancel).ConfigureAwait(false);
        var running = wd is not null && await IsRunningAsync(wd, cancel).ConfigureAwait(false);
        if (State == StateStopped)
        {
            if (!running) return true;
            Context.Changes.Set("state", StateRunning, StateStopped);
            if (!apply) return false;
            await StopAsync(wd!, cancel).ConfigureAwait(false);
            return false;
        }
        if (running) return true;
        if (wd is null)
        {
            Context.Changes.Set("state", StateStopped, StateRunning);
            return false;
        }
        if (Transient && ConvergerTimeout is not null && await ExitStatusAsync(wd, cancel).ConfigureAwait(false) is { } status)
        {
            // It ran and exited by itself once converged: done, unless it failed.
            if (status == 0) return true;
            throw new IOException($"the remote agent on {Target.Display} exited with status {status}; its log is {wd}/mgmt.log there");
        }
        Context.Changes.Set("state", StateStopped, StateRunning);
        if (!apply) return false;
        await StartAsync(wd, cancel).ConfigureAwait(false);
        Context.Event(); // the watch keeps an eye on it from now on
        return false;
    }
}

internal static partial class RemoteLog
{
    [LoggerMessage(EventId = 7901, Level = LogLevel.Information, Message = "started the remote agent on {Target} as {Hostname} (pid {Pid}); its log: {Log}")]
    public static partial void Started(ILogger logger, string target, string hostname, string pid, string log);

    [LoggerMessage(EventId = 7902, Level = LogLevel.Information, Message = "stopped the remote agent on {Target}")]
    public static partial void Stopped(ILogger logger, string target);

    [LoggerMessage(EventId = 7903, Level = LogLevel.Information, Message = "copied {Binary} to {Target}:{Path}")]
    public static partial void Copied(ILogger logger, string binary, string target, string path);

    [LoggerMessage(EventId = 7904, Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void Problem(ILogger logger, string problem);
}
