using System.ComponentModel.DataAnnotations;
using LoadSense.Core;
using LoadSense.Recordings;

namespace LoadSense.Recordings.Tests;

public sealed class RecordingReaderOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValuesAndValid()
    {
        var options = new RecordingReaderOptions();

        options.Validate();

        Assert.Equal(256, options.BlockSize);
        Assert.Equal(AccelerationUnit.G, options.Unit);
        Assert.Null(options.Start);
        Assert.Equal(3.0, options.GapIntervalFactor);
        Assert.Equal(0.5, options.MinimumGapSeconds);
        Assert.True(options.CheckUnits);
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    [Theory]
    [InlineData(nameof(RecordingReaderOptions.BlockSize))]
    [InlineData(nameof(RecordingReaderOptions.GapIntervalFactor))]
    [InlineData(nameof(RecordingReaderOptions.MinimumGapSeconds))]
    [InlineData(nameof(RecordingReaderOptions.Unit))]
    public void Validate_ValueOutOfRange_ThrowsNamingTheSetting(string setting)
    {
        var options = new RecordingReaderOptions();
        switch (setting)
        {
            case nameof(RecordingReaderOptions.BlockSize): options.BlockSize = 70000; break;
            case nameof(RecordingReaderOptions.GapIntervalFactor): options.GapIntervalFactor = 1.0; break;
            case nameof(RecordingReaderOptions.MinimumGapSeconds): options.MinimumGapSeconds = double.NaN; break;
            default: options.Unit = (AccelerationUnit)7; break;
        }

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
        Assert.Contains("RecordingReaderOptions." + setting + " must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BlankDeviceId_Throws()
    {
        var options = new RecordingReaderOptions { DeviceId = " " };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void DataAnnotations_BlockSizeOutOfRange_FailsValidation()
    {
        var options = new RecordingReaderOptions { BlockSize = 0 };
        var results = new List<ValidationResult>();

        bool valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(RecordingReaderOptions.BlockSize)));
    }
}
