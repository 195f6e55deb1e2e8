using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>Every resource kind this build of mgmt knows, for the front ends and the engine.</summary>
public static class ResourceKinds
{
    /// <summary>A new registry with every kind registered. Each call builds a fresh registry.</summary>
    public static ResourceRegistry CreateRegistry() =>
        new ResourceRegistry()
            .Register<ExecResource>()
            .Register<FileResource>()
            .Register<MsgResource>()
            .Register<NoopResource>()
            .Register<PrintResource>()
            .Register<TestResource>()
            .Register<TimerResource>()
            .Register<ValueResource>();
}
