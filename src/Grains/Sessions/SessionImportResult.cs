namespace Cluster.Grains.Sessions;

/// <summary>Outcome of importing a session.</summary>
public enum SessionImportResult
{
    /// <summary>Imported; its next turn continues where it left off.</summary>
    Imported,

    /// <summary>The export's format version is unknown here.</summary>
    UnknownVersion,

    /// <summary>No model grain here serves the export's model id.</summary>
    ModelNotServed,

    /// <summary>The model here has other weights than the one the session was built on.</summary>
    ModelMismatch,

    /// <summary>A session with that id already lives here.</summary>
    AlreadyExists,
}
