using StbImageWriteSharp;

namespace Cluster.Tests.Shared;

/// <summary>Deterministic pictures encoded as real image files (PNG, JPEG, BMP) for a projector to decode; linked into each test project.</summary>
public static class TestImages
{
    /// <summary>A width×height RGB gradient whose colours depend on <paramref name="seed"/>, as PNG.</summary>
    public static byte[] Png(int width, int height, int seed) =>
        Encode(width, height, seed, (writer, pixels, stream) => writer.WritePng(pixels, width, height, ColorComponents.RedGreenBlue, stream));

    /// <summary>The same picture as JPEG.</summary>
    public static byte[] Jpeg(int width, int height, int seed) =>
        Encode(width, height, seed, (writer, pixels, stream) => writer.WriteJpg(pixels, width, height, ColorComponents.RedGreenBlue, stream, 90));

    /// <summary>The same picture as an uncompressed BMP: 54 bytes of header, then 3 bytes a pixel (rows padded to 4).</summary>
    public static byte[] Bmp(int width, int height, int seed) =>
        Encode(width, height, seed, (writer, pixels, stream) => writer.WriteBmp(pixels, width, height, ColorComponents.RedGreenBlue, stream));

    /// <summary>A data: URL of a PNG file.</summary>
    public static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    private static byte[] Encode(int width, int height, int seed, Action<ImageWriter, byte[], Stream> write)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)((x * 255 / width) ^ (seed * 37));
                pixels[i + 1] = (byte)((y * 255 / height) + (seed * 91));
                pixels[i + 2] = (byte)(((x + y) * seed) & 0xFF);
            }
        }

        using var stream = new MemoryStream();
        write(new ImageWriter(), pixels, stream);
        return stream.ToArray();
    }
}
