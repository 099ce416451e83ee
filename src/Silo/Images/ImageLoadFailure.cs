namespace Cluster.Silo.Images;

/// <summary>Why an image could not be loaded: 400 (bad or unreachable) or 413 (too large), with the parameter it came from.</summary>
/// <param name="Status">400 or 413.</param>
/// <param name="Param">The request parameter of the image.</param>
/// <param name="Message">What went wrong, for the client.</param>
/// <param name="Code">The OpenAI error code.</param>
internal sealed record ImageLoadFailure(int Status, string Param, string Message, string Code);
