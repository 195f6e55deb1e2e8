// The engine class shares its name with the Mgmt.Engine namespace, which wins inside Mgmt.* namespaces.
global using RuntimeEngine = Mgmt.Engine.Runtime.Engine;
