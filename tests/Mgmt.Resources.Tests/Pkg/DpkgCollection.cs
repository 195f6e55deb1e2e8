namespace Mgmt.Resources.Tests.Pkg;

/// <summary>Tests that install or remove packages run one at a time: dpkg has one lock for the whole machine.</summary>
[CollectionDefinition("dpkg", DisableParallelization = true)]
public sealed class DpkgCollection;
