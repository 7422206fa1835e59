using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace LoadSense.Cli.Tests.Reports;

/// <summary>A minimal PNG decoder for 8-bit RGB and RGBA images without interlacing (what Chromium writes): enough to look at a screenshot's pixels.</summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Rows top to bottom, each Width × Channels bytes.</summary>
    public byte[] Pixels { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            int at = ((y * Width) + x) * Channels;
            return (Pixels[at], Pixels[at + 1], Pixels[at + 2]);
        }
    }

    public static PngImage Decode(byte[] png)
    {
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (int at = 8; at + 8 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                byte depth = data[8], colour = data[9], interlace = data[12];
                if (depth != 8 || interlace != 0 || colour is not (2 or 6))
                {
                    throw new InvalidDataException($"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}");
                }

                channels = colour == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        int stride = width * channels;
        byte[] raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.ReadExactly(raw);
        }

        byte[] pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            ReadOnlySpan<byte> line = raw.AsSpan((y * (stride + 1)) + 1, stride);
            Span<byte> row = pixels.AsSpan(y * stride, stride);
            ReadOnlySpan<byte> up = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (int i = 0; i < stride; i++)
            {
                int left = i >= channels ? row[i - channels] : 0, above = up[i], corner = i >= channels ? up[i - channels] : 0;
                int predicted = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => above,
                    3 => (left + above) / 2,
                    4 => Paeth(left, above, corner),
                    _ => throw new InvalidDataException($"bad PNG filter {filter} in row {y}"),
                };
                row[i] = (byte)(line[i] + predicted);
            }
        }

        return new PngImage(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
