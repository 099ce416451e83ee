namespace Cluster.Silo.Images;

/// <summary>An image as a request names it: a data: URL, an http(s) URL or (ms-swift) bare base64, and the parameter it came from.</summary>
/// <param name="Source">The URL or base64 text as sent.</param>
/// <param name="Param">Where it was in the request, e.g. <c>messages[0].content[1].image_url</c>, for errors.</param>
internal sealed record ImageReference(string Source, string Param);
