using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>Every resource kind this build of mgmt knows, for the front ends and the engine.</summary>
public static class ResourceKinds
{
    /// <summary>A new registry with every kind registered. Each call builds a fresh registry.</summary>
    public static ResourceRegistry CreateRegistry() =>
        new ResourceRegistry()
            .Register<AugeasResource>()
            .Register<CronResource>()
            .Register<DhcpHostResource>()
            .Register<DhcpRangeResource>()
            .Register<DhcpServerResource>()
            .Register<DockerContainerResource>()
            .Register<DockerImageResource>()
            .Register<ExecResource>()
            .Register<ExitResource>()
            .Register<FileResource>()
            .Register<GroupResource>()
            .Register<GsettingsResource>()
            .Register<GzipResource>()
            .Register<HostResource>()
            .Register<HostnameResource>()
            .Register<HttpServerResource>()
            .Register<HttpServerFileResource>()
            .Register<HttpServerFlagResource>()
            .Register<HttpServerUiResource>()
            .Register<HttpServerUiInputResource>()
            .Register<JsonEditResource>()
            .Register<KvResource>()
            .Register<ConfigEtcdResource>()
            .Register<LineResource>()
            .Register<MountResource>()
            .Register<MsgResource>()
            .Register<NetResource>()
            .Register<NoopResource>()
            .Register<PasswordResource>()
            .Register<PippetResource>()
            .Register<PkgResource>()
            .Register<PrintResource>()
            .Register<ScheduleResource>()
            .Register<SshAuthorizedKeyResource>()
            .Register<SvcResource>()
            .Register<SysctlResource>()
            .Register<TarResource>()
            .Register<TestResource>()
            .Register<TftpFileResource>()
            .Register<TftpServerResource>()
            .Register<TimerResource>()
            .Register<UserResource>()
            .Register<ValueResource>()
            .Register<VirtResource>()
            .Register<VirtNetworkResource>()
            .Register<VirtNetworkHostResource>()
            .Register<VirtNetworkRangeResource>();
}
