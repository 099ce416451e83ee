namespace Cluster.Silo.Tests.Configuration;

/// <summary>Tests that set process environment variables; they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConfigurationCollection
{
    public const string Name = "configuration";
}
