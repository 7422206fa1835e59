namespace LoadSense.Protocol.Tests;

public sealed class DeviceProfilesTests
{
    [Theory]
    [InlineData("4c530001-0d1e-4f6b-9b9e-6c0a5e1d2b7a", "loadsense-v1")]
    [InlineData("FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8", "polar-pmd")]
    public void Guess_AdvertisedService_NamesTheProfile(string uuid, string profile)
    {
        Guid battery = Guid.Parse("0000180f-0000-1000-8000-00805f9b34fb");
        Assert.Equal(profile, DeviceProfiles.Guess([battery, Guid.Parse(uuid)]));
    }

    [Fact]
    public void Guess_NoKnownService_IsNull()
    {
        Assert.Null(DeviceProfiles.Guess([Guid.Parse("0000180d-0000-1000-8000-00805f9b34fb")]));
        Assert.Null(DeviceProfiles.Guess([]));
    }

    [Fact]
    public void AdvertisedServices_MatchEachProfilesService()
    {
        foreach (string name in DeviceProfiles.Names)
        {
            Assert.Equal(DeviceProfiles.Create(name, 100, 1f).ServiceUuid, DeviceProfiles.AdvertisedServices[name]);
        }
    }

    [Fact]
    public void Create_ByNameWithDefaults_StartsAt104HzOrTheH10Settings()
    {
        Assert.Equal(new byte[] { 0x01, 0x10, 0x04, 0x08 }, DeviceProfiles.Create("loadsense-v1").StartCommand.ToArray());
        Assert.Equal(Convert.FromHexString("02020001C800010110000201 0800".Replace(" ", "", StringComparison.Ordinal)), DeviceProfiles.Create("polar-pmd").StartCommand.ToArray());
        Assert.Throws<ArgumentException>(() => DeviceProfiles.Create("metawear"));
    }
}
