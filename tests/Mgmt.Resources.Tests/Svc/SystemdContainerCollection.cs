namespace Mgmt.Resources.Tests.Svc;

/// <summary>The tests that share the booted container; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SystemdContainerCollection : ICollectionFixture<SystemdContainer>
{
    public const string Name = "systemd container";
}
