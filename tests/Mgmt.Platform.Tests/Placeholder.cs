namespace Mgmt.Platform.Tests;
