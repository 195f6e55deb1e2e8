namespace Mgmt.Engine.Tests;
