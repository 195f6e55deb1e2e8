namespace Mgmt.Resources.Tests.User;

/// <summary>Tests that add and delete real accounts run one at a time (the shadow tools lock the account files).</summary>
[CollectionDefinition("accounts", DisableParallelization = true)]
public sealed class AccountsCollection;
