namespace Mgmt.Resources.Tests;
