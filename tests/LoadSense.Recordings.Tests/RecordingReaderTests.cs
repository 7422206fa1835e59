using System.Globalization;
using System.Text;
using LoadSense.Core;
using LoadSense.Recordings;

namespace LoadSense.Recordings.Tests;

public sealed class RecordingReaderTests : IDisposable
{
    private const double Gravity = 9.80665;
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    // ---- formats and headers ----

    [Fact]
    public void ReadBlocks_PlainCsv_YieldsEverySampleInOrder()
    {
        string path = _files.Write("walk.csv", TempFiles.Csv(1000));

        ReadResult result = TempFiles.Read(path);

        List<Sample> samples = result.Ok();
        Assert.Equal(1000, samples.Count);
        Assert.Equal(0.0, samples[0].T);
        Assert.Equal(9.99, samples[^1].T, 9);
        Assert.Equal(new Sample(0.5, 0.01f, -0.02f, 1f), samples[50]);
        Assert.False(result.Info!.IsCompressed);
        Assert.True(result.Info.IsComplete);
    }

    [Theory]
    [InlineData("walk.csv")]
    [InlineData("walk.csv.gz")]
    [InlineData("walk.dat")]
    public void ReadBlocks_GzipContent_IsDetectedByMagicBytesWhateverTheName(string name)
    {
        string path = _files.Write(name, TempFiles.Csv(500), gzip: true);

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(500, result.Ok().Count);
        Assert.True(result.Info!.IsCompressed);
    }

    [Fact]
    public void ReadBlocks_PlainContentNamedGz_IsReadAsPlainText()
    {
        string path = _files.Write("walk.csv.gz", TempFiles.Csv(300));

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(300, result.Ok().Count);
        Assert.False(result.Info!.IsCompressed);
    }

    [Theory]
    [InlineData("t,x,y,z")]
    [InlineData("time,ax,ay,az")]
    [InlineData("timestamp,acc_x,acc_y,acc_z")]
    [InlineData("time_s,accel_x,accel_y,accel_z")]
    [InlineData("seconds,x_g,y_g,z_g")]
    [InlineData("epoch,X,Y,Z")]
    [InlineData("Time,Accelerometer X,Accelerometer Y,Accelerometer Z")]
    [InlineData("\"T\",\"X\",\"Y\",\"Z\"")]
    [InlineData("  TIME , AX , AY , AZ  ")]
    [InlineData("t,acceleration_x,acceleration_y,acceleration_z")]
    public void ReadBlocks_HeaderVariant_FindsTimeAndAxes(string header)
    {
        string path = _files.Write("h.csv", TempFiles.Csv(200, header: header));

        ReadResult result = TempFiles.Read(path);

        List<Sample> samples = result.Ok();
        Assert.Equal(200, samples.Count);
        Assert.Equal(new Sample(0.01, 0.01f, -0.02f, 1f), samples[1]);
    }

    [Fact]
    public void ReadBlocks_ColumnsInAnyOrderWithExtras_ReadsTheRightOnes()
    {
        var csv = new StringBuilder("id,z,temperature,y,gyro_x,x,t\n");
        for (int i = 0; i < 100; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"7,0.9,36.5,0.3,5.5,0.1,{i * 0.01}\n");
        }

        string path = _files.Write("order.csv", csv.ToString());

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(new Sample(0.02, 0.1f, 0.3f, 0.9f), result.Ok()[2]);
        Assert.Equal("t", result.Info!.TimeColumn);
        Assert.Equal(["x", "y", "z"], result.Info.AxisColumns);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    public void ReadBlocks_SemicolonOrTabDelimiter_IsDetectedFromTheHeader(string delimiter)
    {
        string path = _files.Write("d.csv", TempFiles.Csv(100, header: string.Join(delimiter, "t", "x", "y", "z"), delimiter: delimiter));

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(new Sample(0.03, 0.01f, -0.02f, 1f), result.Ok()[3]);
        Assert.Equal(delimiter[0], result.Info!.Delimiter);
    }

    [Fact]
    public void ReadBlocks_SemicolonWithDecimalCommas_ReadsNumbers()
    {
        string path = _files.Write("eu.csv", "t;x;y;z\n0,00;0,1;0,2;0,97\n0,01;0,1;0,2;0,97\n");

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(new Sample(0.01, 0.1f, 0.2f, 0.97f), result.Ok()[1]);
    }

    [Fact]
    public void ReadBlocks_CrLfBomAndNoFinalNewline_AreAccepted()
    {
        string path = _files.Write("win.csv", "\uFEFFt,x,y,z\r\n0,0,0,1\r\n0.01,0,0,1\r\n\r\n0.02,0.5,0,1");

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(3, result.Ok().Count);
        Assert.Equal(new Sample(0.02, 0.5f, 0f, 1f), result.Samples[2]);
    }

    [Fact]
    public void ReadBlocks_ActiGraphExport_SkipsPreambleAndReadsTimestamps()
    {
        var csv = new StringBuilder()
            .Append("------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v2.5.0 date format M/d/yyyy at 30 Hz  Filter Normal -----------\n")
            .Append("Serial Number: MOS2E00000000\nStart Time 10:00:00\nStart Date 3/14/2024\nEpoch Period (hh:mm:ss) 00:00:00\n")
            .Append("Download Time 12:00:00\nDownload Date 3/15/2024\nCurrent Memory Address: 0\nCurrent Battery Voltage: 4.20     Mode = 12\n")
            .Append("--------------------------------------------------\n")
            .Append("Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\n");
        for (int i = 0; i < 60; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"3/14/2024 10:00:{i / 30:00}.{i % 30 * 1000 / 30:000},0.1,-0.2,0.95\n");
        }

        string path = _files.Write("actigraph.csv", csv.ToString());

        ReadResult result = TempFiles.Read(path);

        List<Sample> samples = result.Ok();
        Assert.Equal(60, samples.Count);
        Assert.Equal(Unix(2024, 3, 14, 10, 0, 0), samples[0].T, 6);
        Assert.Equal(Unix(2024, 3, 14, 10, 0, 1) + 0.033, samples[31].T, 6);
        Assert.True(result.Info!.TimeIsAbsolute);
        Assert.InRange(result.Info.SampleRateHz, 29.0, 31.0);
    }

    [Fact]
    public void ReadBlocks_MissingColumns_ErrorListsFoundAndNeededColumns()
    {
        string path = _files.Write("bad-header.csv", "time_ms,a,b,c\n0,0,0,1\n");

        ReadResult result = TempFiles.Read(path);

        RecordingFormatException error = Assert.IsType<RecordingFormatException>(result.Error);
        Assert.Equal(1, error.LineNumber);
        Assert.Equal(path, error.Path);
        Assert.StartsWith("bad-header.csv line 1: cannot find the time, x, y, z columns", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"time_ms\", \"a\", \"b\", \"c\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Needs a time column (t, time, timestamp, time_s, seconds or epoch)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBlocks_NoHeader_ErrorSaysTheFirstLineLooksLikeData()
    {
        string path = _files.Write("noheader.csv", "0,0,0,1\n0.01,0,0,1\n");

        ReadResult result = TempFiles.Read(path);

        Assert.Contains("looks like data", result.Error!.Message, StringComparison.Ordinal);
    }

    // ---- times ----

    [Fact]
    public void ReadBlocks_RelativeTimes_AreAddedToStart()
    {
        var start = new DateTimeOffset(2025, 6, 1, 8, 30, 0, TimeSpan.FromHours(2));
        string path = _files.Write("rel.csv", TempFiles.Csv(100, start: 5));

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { Start = start });

        double startUnix = start.ToUnixTimeSeconds();
        Assert.Equal(startUnix + 5, result.Ok()[0].T, 6);
        Assert.Equal(startUnix + 5.99, result.Samples[^1].T, 6);
        Assert.False(result.Info!.TimeIsAbsolute);
        Assert.Equal(startUnix + 5, result.Info.FirstTime, 6);
        Assert.Equal(startUnix + 5.99, result.Info.LastTime, 6);
    }

    [Fact]
    public void ReadBlocks_RelativeTimesWithoutStart_CountFromTheUnixEpoch()
    {
        string path = _files.Write("rel.csv", TempFiles.Csv(100));

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(0.5, result.Ok()[50].T, 9);
        Assert.False(result.Info!.TimeIsAbsolute);
    }

    [Fact]
    public void ReadBlocks_EpochSeconds_AreAbsoluteAndIgnoreStart()
    {
        string path = _files.Write("abs.csv", TempFiles.Csv(100, header: "epoch,x,y,z", start: 1_700_000_000.25));

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { Start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        Assert.Equal(1_700_000_000.25, result.Ok()[0].T, 6);
        Assert.Equal(1_700_000_001.24, result.Samples[^1].T, 6);
        Assert.True(result.Info!.TimeIsAbsolute);
        Assert.Equal(100.0, result.Info.SampleRateHz, 3);
    }

    [Theory]
    [InlineData("2024-03-14T10:00:00.000Z", "2024-03-14T10:00:00.010Z", 0)]
    [InlineData("2024-03-14T12:00:00.000+02:00", "2024-03-14T12:00:00.010+02:00", 0)]
    [InlineData("2024-03-14T05:00:00.000-0500", "2024-03-14T05:00:00.010-0500", 0)]
    [InlineData("2024-03-14 10:00:00.000", "2024-03-14 10:00:00.010", 0)]
    [InlineData("2024-03-14T10:00:00", "2024-03-14T10:00:01", 1)]
    [InlineData("3/14/2024 10:00:00.000", "3/14/2024 10:00:00.010", 0)]
    public void ReadBlocks_TextTimestamps_AreAbsoluteUtc(string first, string second, int wholeSecondStep)
    {
        string path = _files.Write("text.csv", $"timestamp,x,y,z\n{first},0,0,1\n{second},0,0,1\n");

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { Start = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        List<Sample> samples = result.Ok();
        double expected = Unix(2024, 3, 14, 10, 0, 0);
        Assert.Equal(expected, samples[0].T, 6);
        Assert.Equal(expected + (wholeSecondStep == 1 ? 1.0 : 0.01), samples[1].T, 6);
        Assert.True(result.Info!.TimeIsAbsolute);
    }

    [Fact]
    public void ReadBlocks_EqualTimes_SkipsDuplicatesAndCountsThem()
    {
        string path = _files.Write("dup.csv", "t,x,y,z\n0,0,0,1\n0.01,0,0,1\n0.01,0.5,0,1\n0.02,0,0,1\n");

        ReadResult result = TempFiles.Read(path);

        Assert.Equal([0.0, 0.01, 0.02], result.Ok().Select(s => s.T));
        Assert.Equal(0f, result.Samples[1].X);
        Assert.Equal(1, result.Info!.DuplicateCount);
        Assert.Equal(3, result.Info.RowCount);
    }

    [Fact]
    public void ReadBlocks_TimesInMilliseconds_ErrorSaysSecondsAreNeeded()
    {
        string path = _files.Write("ms.csv", TempFiles.Csv(100, rateHz: 0.1));

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(2, result.Error!.LineNumber);
        Assert.Contains("are they milliseconds?", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Samples);
    }

    // ---- units ----

    [Fact]
    public void ReadBlocks_MetersPerSecondSquared_AreDividedByStandardGravity()
    {
        string path = _files.Write("ms2.csv", TempFiles.Csv(200, scale: Gravity));

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { Unit = AccelerationUnit.MetersPerSecondSquared });

        Sample s = result.Ok()[10];
        Assert.Equal(0.01f, s.X, 6);
        Assert.Equal(-0.02f, s.Y, 6);
        Assert.Equal(1f, s.Z, 6);
        Assert.Equal(1.0, result.Info!.MedianMagnitudeG, 3);
    }

    [Fact]
    public void ReadBlocks_MetersPerSecondSquaredReadAsG_ErrorNamesUnitsMs2()
    {
        string path = _files.Write("ms2.csv", TempFiles.Csv(2000, scale: Gravity));

        ReadResult result = TempFiles.Read(path);

        RecordingFormatException error = result.Error!;
        Assert.Equal(2, error.LineNumber);
        Assert.StartsWith("ms2.csv lines 2-1001: the median magnitude is 9.81, which looks like m/s², not g.", error.Message, StringComparison.Ordinal);
        Assert.Contains("--units ms2", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Samples);
    }

    [Fact]
    public void ReadBlocks_GReadAsMetersPerSecondSquared_ErrorNamesUnitsG()
    {
        string path = _files.Write("g.csv", TempFiles.Csv(300));

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { Unit = AccelerationUnit.MetersPerSecondSquared });

        Assert.Contains("looks like g, not m/s²", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("--units g", result.Error.Message, StringComparison.Ordinal);
        Assert.StartsWith("g.csv lines 2-301:", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(3.0)]
    [InlineData(20.0)]
    public void ReadBlocks_MagnitudeFarFromOneG_ErrorSaysSo(double scale)
    {
        string path = _files.Write("odd.csv", TempFiles.Csv(300, scale: scale));

        ReadResult result = TempFiles.Read(path);

        Assert.Contains("far from the 1 g of gravity", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBlocks_ExcerptShorterThanTwoSeconds_IsNotJudgedByItsMagnitude()
    {
        // A one-jump excerpt can sit at 3 g throughout its 1.5 s; only longer windows show gravity.
        string path = _files.Write("jump.csv", TempFiles.Csv(150, scale: 3.0));

        ReadResult result = TempFiles.Read(path);

        Assert.Null(result.Error);
        Assert.Equal(150, result.Ok().Count);
    }

    [Fact]
    public void ReadBlocks_CheckUnitsOff_ReadsOddMagnitudes()
    {
        string path = _files.Write("odd.csv", TempFiles.Csv(300, scale: 0.2));

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { CheckUnits = false });

        Assert.Equal(300, result.Ok().Count);
        Assert.Equal(0.2, result.Info!.MedianMagnitudeG, 3);
    }

    // ---- rate, gaps, blocks ----

    [Fact]
    public void ReadBlocks_Gap_StartsANewBlockWithGapBefore()
    {
        var csv = new StringBuilder("t,x,y,z\n");
        for (int i = 0; i < 100; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i * 0.01:0.00},0,0,1\n");
        }

        for (int i = 0; i < 100; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{2.0 + (i * 0.01):0.00},0,0,1\n");
        }

        string path = _files.Write("gap.csv", csv.ToString());

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { BlockSize = 64 });

        Assert.Equal(
            new BlockShape[] { new(64, false, 100, "gap"), new(36, false, 100, "gap"), new(64, true, 100, "gap"), new(36, false, 100, "gap") },
            result.Blocks.Select(b => b with { RateHz = Math.Round(b.RateHz, 6) }));
        Assert.Equal(1, result.Info!.GapCount);
    }

    [Fact]
    public void ReadBlocks_ShortHoleOrJitter_IsNotAGap()
    {
        // 0.3 s missing at 100 Hz is below the 0.5 s floor; phones jitter like this.
        var csv = new StringBuilder("t,x,y,z\n");
        for (int i = 0; i < 300; i++)
        {
            double t = (i * 0.01) + (i >= 150 ? 0.3 : 0);
            csv.Append(CultureInfo.InvariantCulture, $"{t:0.000},0,0,1\n");
        }

        string path = _files.Write("hole.csv", csv.ToString());

        ReadResult result = TempFiles.Read(path);

        Assert.DoesNotContain(result.Blocks, b => b.GapBefore);
        Assert.Equal(0, result.Info!.GapCount);
    }

    [Fact]
    public void ReadBlocks_SlowRateGap_UsesThreeMedianIntervals()
    {
        // At 1 Hz the 0.5 s floor is below 3 intervals: a 2.5 s interval is not a gap, 4 s is.
        string path = _files.Write("slow.csv", "t,x,y,z\n0,0,0,1\n1,0,0,1\n2,0,0,1\n4.5,0,0,1\n5.5,0,0,1\n9.5,0,0,1\n10.5,0,0,1\n");

        ReadResult result = TempFiles.Read(path);

        Assert.Equal([false, true], result.Blocks.Select(b => b.GapBefore));
        Assert.Equal(1.0, result.Info!.SampleRateHz, 9);
    }

    [Fact]
    public void ReadBlocks_UnevenTimestamps_RateIsOneOverTheMedianInterval()
    {
        var random = new Random(42);
        var csv = new StringBuilder("t,x,y,z\n");
        double t = 0;
        for (int i = 0; i < 3000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{t:0.000000},0,0,1\n");

            // 50 Hz with ±30 % jitter and an occasional 4x interval (a late frame).
            t += i % 37 == 0 ? 0.08 : 0.02 * (0.7 + (0.6 * random.NextDouble()));
        }

        string path = _files.Write("uneven.csv", csv.ToString());

        ReadResult result = TempFiles.Read(path);

        Assert.InRange(result.Info!.SampleRateHz, 48.0, 52.0);
        Assert.All(result.Blocks, b => Assert.Equal(result.Info.SampleRateHz, b.RateHz));
        Assert.Equal(3000, result.Ok().Count);
    }

    [Fact]
    public void ReadBlocks_Blocks_AreOneReusedInstanceOfTheConfiguredSize()
    {
        string path = _files.Write("reuse.csv", TempFiles.Csv(1000));
        using RecordingReader reader = RecordingReader.Open(path, new RecordingReaderOptions { BlockSize = 300, DeviceId = "dev-1" });

        var seen = new List<SampleBlock>();
        var counts = new List<int>();
        var firstTimes = new List<double>();
        foreach (SampleBlock block in reader.ReadBlocks())
        {
            seen.Add(block);
            counts.Add(block.Count);
            firstTimes.Add(block.Time[0]);
            Assert.Equal(300, block.Capacity);
            Assert.Equal("dev-1", block.DeviceId);
        }

        Assert.Equal([300, 300, 300, 100], counts);
        Assert.Equal([0.0, 3.0, 6.0, 9.0], firstTimes.Select(t => Math.Round(t, 6)));
        Assert.All(seen, b => Assert.Same(seen[0], b));
    }

    [Fact]
    public void ReadBlocks_DefaultOptions_Yield256SampleBlocksNamedAfterTheFile()
    {
        string path = _files.Write("walk.csv.gz", TempFiles.Csv(600), gzip: true);

        ReadResult result = TempFiles.Read(path);

        Assert.Equal([256, 256, 88], result.Blocks.Select(b => b.Count));
        Assert.All(result.Blocks, b => Assert.Equal("walk", b.DeviceId));
    }

    [Fact]
    public void ReadBlocks_CalledTwice_Throws()
    {
        string path = _files.Write("once.csv", TempFiles.Csv(10));
        using RecordingReader reader = RecordingReader.Open(path);
        _ = reader.ReadBlocks().Count();

        Assert.Throws<InvalidOperationException>(() => reader.ReadBlocks());
    }

    // ---- errors ----

    [Fact]
    public void ReadBlocks_UnreadableNumber_ErrorNamesFileLineAndField()
    {
        string path = _files.Write("walk.csv", "t,x,y,z\n0,0,0,1\n0.01,0,0,1\n\n0.02,1.2,abc,0.3\n0.03,0,0,1\n");

        ReadResult result = TempFiles.Read(path);

        RecordingFormatException error = result.Error!;
        Assert.Equal(5, error.LineNumber);
        Assert.Equal("walk.csv line 5: cannot read \"abc\" in column y as a number: \"0.02,1.2,abc,0.3\"", error.Message);
        Assert.Equal(2, result.Samples.Count);
    }

    // ---- reading ahead ----

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public void ReadBlocksAhead_GzipWithAGap_YieldsTheSameBlocksAndInfoAsReadBlocks(int blocksAhead)
    {
        var csv = new StringBuilder("t,x,y,z\n");
        for (int i = 0; i < 3000; i++)
        {
            double t = (i * 0.01) + (i >= 1500 ? 2.0 : 0.0);
            csv.Append(CultureInfo.InvariantCulture, $"{t:0.00},{i % 7 * 0.01:0.00},0,1\n");
        }

        string path = _files.Write("walk.csv.gz", csv.ToString(), gzip: true);
        var options = new RecordingReaderOptions { BlockSize = 64 };

        ReadResult plain = TempFiles.Read(path, options);
        ReadResult ahead = TempFiles.Read(path, options, blocksAhead);

        Assert.Equal(3000, ahead.Ok().Count);
        Assert.Equal(plain.Samples, ahead.Samples);
        Assert.Equal(plain.Blocks, ahead.Blocks);
        Assert.Contains(ahead.Blocks, b => b.GapBefore);
        Assert.True(ahead.Info!.IsComplete);
        Assert.Equal(
            (plain.Info!.RowCount, plain.Info.GapCount, plain.Info.FirstTime, plain.Info.LastTime, plain.Info.SampleRateHz, plain.Info.IsCompressed),
            (ahead.Info.RowCount, ahead.Info.GapCount, ahead.Info.FirstTime, ahead.Info.LastTime, ahead.Info.SampleRateHz, ahead.Info.IsCompressed));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public void ReadBlocksAhead_UnreadableNumber_YieldsTheSamplesBeforeItThenTheError(int blocksAhead)
    {
        string path = _files.Write("walk.csv", "t,x,y,z\n0,0,0,1\n0.01,0,0,1\n\n0.02,1.2,abc,0.3\n0.03,0,0,1\n");

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { BlockSize = 1 }, blocksAhead);

        Assert.Equal(5, result.Error!.LineNumber);
        Assert.Equal(2, result.Samples.Count);
    }

    [Fact]
    public void ReadBlocks_TooFewColumns_ErrorGivesExpectedAndFoundCounts()
    {
        string path = _files.Write("walk.csv", "t,x,y,z\n0,0,0,1\n1.2,0.1,0.3\n");

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(3, result.Error!.LineNumber);
        Assert.Equal("walk.csv line 3: expected 4 columns, found 3: \"1.2,0.1,0.3\"", result.Error.Message);
        Assert.Single(result.Samples);
    }

    [Fact]
    public void ReadBlocks_TimeGoingBackwards_ErrorAtThatLine()
    {
        string path = _files.Write("walk.csv", "t,x,y,z\n0,0,0,1\n0.02,0,0,1\n0.01,0,0,1\n");

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(4, result.Error!.LineNumber);
        Assert.Equal("walk.csv line 4: time goes backwards: 0.01 s comes after 0.02 s: \"0.01,0,0,1\"", result.Error.Message);
        Assert.Equal(2, result.Samples.Count);
    }

    [Fact]
    public void ReadBlocks_BadTextTimestamp_ErrorAtThatLine()
    {
        string path = _files.Write("walk.csv", "timestamp,x,y,z\n2024-03-14T10:00:00Z,0,0,1\n2024-03-14T10:00:61Z,0,0,1\n");

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(3, result.Error!.LineNumber);
        Assert.Contains("cannot read \"2024-03-14T10:00:61Z\" in column timestamp as a timestamp", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBlocks_ErrorAfterTheAnalysisWindow_DeliversEveryEarlierSample()
    {
        string csv = TempFiles.Csv(1500) + "15,0,0,NaN\n";
        string path = _files.Write("late.csv", csv);

        ReadResult result = TempFiles.Read(path, new RecordingReaderOptions { BlockSize = 256 });

        Assert.Equal(1502, result.Error!.LineNumber);
        Assert.Equal(1500, result.Samples.Count);
        Assert.Equal(14.99, result.Samples[^1].T, 9);
        Assert.Equal(1500, result.Info!.RowCount);
        Assert.False(result.Info.IsComplete);
    }

    [Fact]
    public void ReadBlocks_EmptyFile_ErrorSaysEmpty()
    {
        string path = _files.Write("empty.csv", string.Empty);

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(0, result.Error!.LineNumber);
        Assert.StartsWith("empty.csv: the file is empty", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBlocks_EmptyGzip_ErrorSaysEmpty()
    {
        string path = _files.Write("empty.csv.gz", string.Empty, gzip: true);

        ReadResult result = TempFiles.Read(path);

        Assert.StartsWith("empty.csv.gz: the file is empty", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBlocks_HeaderOnly_ErrorSaysNoSamples()
    {
        string path = _files.Write("header.csv", "t,x,y,z\n");

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(1, result.Error!.LineNumber);
        Assert.Equal("header.csv line 1: the file has a header but no samples", result.Error.Message);
    }

    [Fact]
    public void ReadBlocks_TruncatedGzip_ErrorSaysTruncatedAfterTheLastCompleteLine()
    {
        byte[] whole = TempFiles.Encode(TempFiles.Csv(20000), gzip: true);
        string path = _files.WriteBytes("cut.csv.gz", whole[..(whole.Length / 2)]);

        ReadResult result = TempFiles.Read(path);

        RecordingFormatException error = result.Error!;
        Assert.Contains("cut.csv.gz: the file is truncated after line ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(the gzip data ends early)", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.LineNumber, 1000, 19999);
        Assert.Equal(error.LineNumber - 1, result.Samples.Count);
        Assert.Equal((error.LineNumber - 2) / 100.0, result.Samples[^1].T, 6);
    }

    [Fact]
    public void ReadBlocks_GzipMissingItsTrailer_IsReportedTruncated()
    {
        byte[] whole = TempFiles.Encode(TempFiles.Csv(500), gzip: true);
        string path = _files.WriteBytes("cut.csv.gz", whole[..^4]);

        ReadResult result = TempFiles.Read(path);

        Assert.Contains("truncated after line 501", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(500, result.Samples.Count);
    }

    [Fact]
    public void ReadBlocks_ConcatenatedBgzfStyleMembers_AreIntact()
    {
        string csv = TempFiles.Csv(400);
        int split = csv.IndexOf('\n', csv.Length / 2) + 1;
        byte[] bgzfEof = Convert.FromHexString("1f8b08040000000000ff0600424302001b0003000000000000000000");
        byte[] joined = [.. TempFiles.Encode(csv[..split], gzip: true), .. TempFiles.Encode(csv[split..], gzip: true), .. bgzfEof];
        string path = _files.WriteBytes("multi.csv.gz", joined);

        ReadResult result = TempFiles.Read(path);

        Assert.Equal(400, result.Ok().Count);
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        string path = Path.Combine(_files.Folder, "nope.csv");

        FileNotFoundException error = Assert.Throws<FileNotFoundException>(() => RecordingReader.Open(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OptionOutOfRange_ThrowsNamingTheSetting()
    {
        string path = _files.Write("walk.csv", TempFiles.Csv(10));

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => RecordingReader.Open(path, new RecordingReaderOptions { BlockSize = 0 }));

        Assert.Contains("RecordingReaderOptions.BlockSize must be between 1 and 65536", error.Message, StringComparison.Ordinal);
    }

    // ---- streams and progress ----

    [Fact]
    public void Open_NonSeekableGzipStream_ReadsWithoutLength()
    {
        byte[] gz = TempFiles.Encode(TempFiles.Csv(700), gzip: true);
        using var stream = new ForwardOnlyStream(gz);
        using RecordingReader reader = RecordingReader.Open(stream, "pipe.csv.gz");

        ReadResult result = TempFiles.Read(reader);

        Assert.Equal(700, result.Ok().Count);
        Assert.Null(reader.Length);
        Assert.Equal(gz.Length, reader.BytesRead);
        Assert.Equal("pipe", result.Blocks[0].DeviceId);
    }

    [Fact]
    public void BytesRead_Gzip_CountsCompressedBytesUpToTheFileLength()
    {
        string path = _files.Write("big.csv.gz", TempFiles.Csv(60000), gzip: true);
        using RecordingReader reader = RecordingReader.Open(path);
        var progress = new List<long>();

        foreach (SampleBlock block in reader.ReadBlocks())
        {
            progress.Add(reader.BytesRead);
        }

        Assert.Equal(new FileInfo(path).Length, reader.Length);
        Assert.Equal(reader.Length, reader.BytesRead);
        Assert.True(progress[0] < reader.Length / 2, "progress starts early");
        Assert.Equal(progress.Order(), progress);
    }

    // ---- probe ----

    [Fact]
    public void Probe_LargeFile_ReadsOnlyTheStartAndDescribesIt()
    {
        string path = _files.Write("probe.csv.gz", TempFiles.Csv(50000, header: "time,ax,ay,az", start: 1_700_000_000), gzip: true);

        RecordingInfo info = RecordingReader.Probe(path);

        Assert.Equal(1000, info.RowCount);
        Assert.False(info.IsComplete);
        Assert.True(info.IsCompressed);
        Assert.True(info.TimeIsAbsolute);
        Assert.Equal(100.0, info.SampleRateHz, 3);
        Assert.Equal(new FileInfo(path).Length, info.FileLength);
        Assert.Equal(["time", "ax", "ay", "az"], info.Columns);
        Assert.Equal(1_700_000_000.0, info.FirstTime, 6);
    }

    [Fact]
    public void Probe_SmallFile_IsComplete()
    {
        string path = _files.Write("small.csv", TempFiles.Csv(50));

        RecordingInfo info = RecordingReader.Probe(path);

        Assert.True(info.IsComplete);
        Assert.Equal(50, info.RowCount);
        Assert.False(info.TimeIsAbsolute);
    }

    [Fact]
    public void Probe_WrongUnits_Throws()
    {
        string path = _files.Write("ms2.csv", TempFiles.Csv(250, scale: Gravity));

        RecordingFormatException error = Assert.Throws<RecordingFormatException>(() => RecordingReader.Probe(path));

        Assert.Contains("--units ms2", error.Message, StringComparison.Ordinal);
    }

    // ---- real data ----

    [Fact]
    public void ReadBlocks_OxfordExcerpt_HasTheCutRowsAndAbout405Hz()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "oxford-excerpt.csv.gz");

        ReadResult result = TempFiles.Read(path);

        List<Sample> samples = result.Ok();
        RecordingInfo info = result.Info!;
        Assert.Equal(8118, samples.Count);
        Assert.Equal(8118, info.RowCount);
        Assert.InRange(info.SampleRateHz, 400.0, 410.0);
        Assert.False(info.TimeIsAbsolute);
        Assert.Equal(0.0, info.FirstTime);
        Assert.Equal(19.996877, info.LastTime, 6);
        Assert.Equal(0, info.GapCount);
        Assert.InRange(info.MedianMagnitudeG, 0.9, 1.1);
        Assert.True(info.IsCompressed);
    }

    [Fact]
    public void OxfordExcerptTruth_HeelStrikes_FallInsideTheExcerpt()
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "oxford-excerpt.truth.csv"));

        double[] strikes = lines.Skip(1).Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal("t,kind", lines[0]);
        Assert.Equal(39, strikes.Length);
        Assert.All(strikes, t => Assert.InRange(t, 0.0, 19.996877));
    }

    private static double Unix(int year, int month, int day, int hour, int minute, int second) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>A stream that cannot seek, like a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : LoadSense.Recordings.Csv.ReadOnlyStream
    {
        private readonly MemoryStream _inner = new(content);

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
