using System.Diagnostics;
using LoadSense.Core;
using LoadSense.Protocol.LoadSenseV1;
using LoadSense.Protocol.PolarPmd;

namespace LoadSense.Protocol.Tests;

/// <summary>
/// Random and mutated frames into every decoder: only the typed result may come back (no
/// exception), every frame is accounted for in the counters, blocks stay consistent, and a
/// million inputs take seconds.
/// </summary>
public sealed class DecoderFuzzTests
{
    public static TheoryData<string> Profiles => new(DeviceProfiles.Names);

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Decode_MillionRandomAndMutatedFrames_OnlyTypedResultsAndEveryFrameCounted(string profileName)
    {
        // On a worker so that a decoder that loops forever fails the test instead of hanging the run.
        await Task.Run(() => Fuzz(profileName)).WaitAsync(TimeSpan.FromSeconds(120));
    }

    private static void Fuzz(string profileName)
    {
        const int Inputs = 1_000_000;
        IDeviceProfile profile = DeviceProfiles.Create(profileName, 100, 0.5f);
        IFrameDecoder decoder = profile.CreateDecoder();
        var block = new SampleBlock("fuzz", profile.MaxSamplesPerFrame);
        var random = new Random(20261127 + profileName.Length);
        byte[][] seeds = profileName == "loadsense-v1" ? V1Seeds() : PolarSeeds();
        var buffer = new byte[600];
        var outcomes = new long[3];
        long samples = 0;
        var watch = Stopwatch.StartNew();
        for (int n = 0; n < Inputs; n++)
        {
            int length = Mutate(random, seeds[random.Next(seeds.Length)], buffer);
            FrameResult result;
            try
            {
                result = decoder.Decode(buffer.AsSpan(0, length), block);
            }
#pragma warning disable CA1031 // Any exception is the failure being looked for; the frame is printed to reproduce it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Assert.Fail($"input {n} ({Convert.ToHexString(buffer, 0, length)}) threw {ex}");
                throw;
            }

            outcomes[(int)result.Status]++;
            Assert.True(Enum.IsDefined(result.Status));
            Assert.True(Enum.IsDefined(result.Error));
            Assert.Equal(result.Status == FrameStatus.Malformed, result.Error != FrameError.None);
            Assert.Equal(result.Status == FrameStatus.Decoded ? result.SampleCount : 0, block.Count);
            if (result.Status == FrameStatus.Decoded)
            {
                Assert.InRange(block.Count, 1, profile.MaxSamplesPerFrame);
                Assert.Equal(result.GapBefore, block.GapBefore);
                Assert.False(double.IsNaN(block.Time[0]));
                samples += block.Count;
            }
        }

        watch.Stop();
        DecoderCounters counters = decoder.Counters;
        Assert.Equal(outcomes[(int)FrameStatus.Decoded], counters.Frames);
        Assert.Equal(outcomes[(int)FrameStatus.Duplicate], counters.Duplicates);
        Assert.Equal(outcomes[(int)FrameStatus.Malformed], counters.Malformed);
        Assert.Equal(samples, counters.Samples);
        Assert.Equal(Inputs, counters.Frames + counters.Duplicates + counters.Malformed);
        // The mutations must reach every outcome, or the test proves little.
        Assert.All(outcomes, o => Assert.True(o > 1000, $"outcomes {string.Join('/', outcomes)}"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"{Inputs} frames took {watch.Elapsed}");
    }

    private static int Mutate(Random random, byte[] seed, byte[] buffer)
    {
        int kind = random.Next(8);
        if (kind == 0)
        {
            // Pure noise of any length up to a large MTU.
            int noise = random.Next(0, 520);
            random.NextBytes(buffer.AsSpan(0, noise));
            return noise;
        }

        seed.CopyTo(buffer, 0);
        int length = seed.Length;
        switch (kind)
        {
            case 1:
                // Flip one to four bits.
                for (int k = random.Next(1, 5); k > 0; k--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 2:
                length = random.Next(length + 1);
                break;
            case 3:
                int extra = random.Next(1, 40);
                random.NextBytes(buffer.AsSpan(length, extra));
                length += extra;
                break;
            case 4:
                buffer[random.Next(Math.Min(length, 12))] = (byte)random.Next(256);
                break;
            case 5:
                random.NextBytes(buffer.AsSpan(random.Next(length), 1));
                buffer[random.Next(length)] = 0xFF;
                break;
            default:
                // Unchanged: a duplicate, or the next frame of a good stream.
                break;
        }

        return length;
    }

    private static byte[][] V1Seeds()
    {
        var seeds = new List<byte[]>();
        var random = new Random(1);
        for (int i = 0; i < 64; i++)
        {
            int count = random.Next(1, 40);
            short[] xyz = Enumerable.Range(0, count * 3).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            var frame = new byte[LoadSenseV1Frame.HeaderSize + (count * 6)];
            LoadSenseV1Frame.Write(frame, (byte)(i % 9 == 0 ? 1 : 0), (ushort)(i * 3), (uint)(i * 5000), 1000, 8, xyz);
            seeds.Add(frame);
        }

        return [.. seeds];
    }

    private static byte[][] PolarSeeds()
    {
        var seeds = new List<byte[]>();
        var random = new Random(2);
        ulong ts = 820_000_000_000_000_000UL;
        for (int i = 0; i < 64; i++)
        {
            ts += (ulong)random.Next(1, 400_000_000);
            var frame = new List<byte> { 0x02 };
            frame.AddRange(BitConverter.GetBytes(ts));
            int type = random.Next(5);
            if (type < 3)
            {
                frame.Add((byte)type);
                int count = random.Next(1, 20);
                for (int k = 0; k < count * 3 * (type + 1); k++)
                {
                    frame.Add((byte)random.Next(256));
                }
            }
            else
            {
                frame.Add((byte)(0x80 | (type - 3)));
                for (int k = 0; k < 6; k++)
                {
                    frame.Add((byte)random.Next(256));
                }

                for (int b = random.Next(1, 4); b > 0; b--)
                {
                    int bits = random.Next(0, 17);
                    int count = random.Next(0, 30);
                    frame.Add((byte)bits);
                    frame.Add((byte)count);
                    for (int k = 0; k < ((bits * count * 3) + 7) / 8; k++)
                    {
                        frame.Add((byte)random.Next(256));
                    }
                }
            }

            seeds.Add([.. frame]);
        }

        return [.. seeds];
    }
}
