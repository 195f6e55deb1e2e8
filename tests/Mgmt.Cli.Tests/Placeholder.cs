namespace Mgmt.Cli.Tests;
