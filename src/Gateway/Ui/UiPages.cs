using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Cluster.Gateway.Ui;

/// <summary>The gateway's pages: the playground (also at /), the ops dashboard, and their scripts and styles under /ui, all from the assembly.</summary>
internal static class UiPages
{
    private static readonly EmbeddedFileProvider Files = new(typeof(UiPages).Assembly, "Cluster.Gateway.Ui");
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Maps GET /, /playground, /dashboard and /ui/{file}.</summary>
    public static IEndpointRouteBuilder MapUiPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => TypedResults.Redirect("/playground")).ExcludeFromDescription();
        endpoints.MapGet("/playground", () => Serve("playground.html")).ExcludeFromDescription();
        endpoints.MapGet("/dashboard", () => Serve("dashboard.html")).ExcludeFromDescription();
        endpoints.MapGet("/ui/{file}", Serve).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(string file)
    {
        var info = Files.GetFileInfo(file);
        if (!info.Exists || !ContentTypes.TryGetContentType(file, out var contentType))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Stream(info.CreateReadStream(), contentType + (contentType.StartsWith("text/", StringComparison.Ordinal) ? "; charset=utf-8" : string.Empty));
    }
}
