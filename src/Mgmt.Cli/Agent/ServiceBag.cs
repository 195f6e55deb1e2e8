namespace Mgmt.Cli.Agent;

/// <summary>The host services the agent hands to resources (the shared inotify watcher, later the world).</summary>
internal sealed class ServiceBag : IServiceProvider
{
    private readonly Dictionary<Type, object> _services = [];

    public ServiceBag Add<T>(T service) where T : class
    {
        _services[typeof(T)] = service;
        return this;
    }

    public object? GetService(Type serviceType) => _services.GetValueOrDefault(serviceType);
}
