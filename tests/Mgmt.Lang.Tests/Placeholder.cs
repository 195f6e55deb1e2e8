namespace Mgmt.Lang.Tests;
