namespace LoadSense.Protocol.PolarPmd;

/// <summary>Polar Measurement Data, accelerometer stream (polar-ble-sdk; ../shared/docs/ble.md).</summary>
internal sealed class PolarPmdProfile : IDeviceProfile
{
    public const string ProfileName = "polar-pmd";

    // Far more than a real frame holds (an H10 sends about 36); bounds the decoder's memory.
    public const int MaxSamples = 2048;

    public static readonly Guid Service = new("fb005c80-02e7-f387-1cad-8acd2d8df0c8");
    public static readonly Guid ControlPoint = new("fb005c81-02e7-f387-1cad-8acd2d8df0c8");
    public static readonly Guid Data = new("fb005c82-02e7-f387-1cad-8acd2d8df0c8");

    private readonly int _sampleRateHz;
    private readonly float _factor;

    public PolarPmdProfile(int sampleRateHz, int rangeG, float factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRateHz, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(rangeG, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rangeG, ushort.MaxValue);
        if (!float.IsFinite(factor) || factor == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be a finite, non-zero number.");
        }

        _sampleRateHz = sampleRateHz;
        _factor = factor;
        StartCommand = PolarPmdControl.StartAccelerometer(sampleRateHz, 16, rangeG);
    }

    public string Name => ProfileName;

    public Guid ServiceUuid => Service;

    public Guid DataCharacteristicUuid => Data;

    public Guid ControlCharacteristicUuid => ControlPoint;

    public ReadOnlyMemory<byte> StartCommand { get; }

    public ReadOnlyMemory<byte> StopCommand => PolarPmdControl.StopAccelerometer;

    public int MaxSamplesPerFrame => MaxSamples;

    public IFrameDecoder CreateDecoder() => new PolarPmdDecoder(_sampleRateHz, _factor, MaxSamples);
}
