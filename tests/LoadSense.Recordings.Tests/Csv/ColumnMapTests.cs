using System.Text;
using LoadSense.Recordings.Csv;

namespace LoadSense.Recordings.Tests.Csv;

public sealed class ColumnMapTests
{
    [Theory]
    [InlineData("t,x,y,z", 0, 1, 2, 3)]
    [InlineData("Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z", 0, 1, 2, 3)]
    [InlineData("x_g,y_g,z_g,time_s", 3, 0, 1, 2)]
    [InlineData("index,EPOCH,ACC_X,ACC_Y,ACC_Z,gyro_x", 1, 2, 3, 4)]
    [InlineData("seconds,accel_x,accel_y,accel_z", 0, 1, 2, 3)]
    [InlineData("time,ax,ay,az,x,y,z", 0, 1, 2, 3)]
    public void TryCreate_KnownNames_FindsColumns(string header, int time, int x, int y, int z)
    {
        ColumnMap? map = ColumnMap.TryCreate(Encoding.UTF8.GetBytes(header), out _, out _, out List<string> missing);

        Assert.NotNull(map);
        Assert.Empty(missing);
        Assert.Equal([time, x, y, z], new[] { map.TimeIndex, map.XIndex, map.YIndex, map.ZIndex });
    }

    [Fact]
    public void TryCreate_UnknownNames_ReportsMissingRolesAndFoundColumns()
    {
        ColumnMap? map = ColumnMap.TryCreate("\"ms\",\"x\",\"gyro_y\",\"z\""u8, out char delimiter, out string[] columns, out List<string> missing);

        Assert.Null(map);
        Assert.Equal(',', delimiter);
        Assert.Equal(["ms", "x", "gyro_y", "z"], columns);
        Assert.Equal(["time", "y"], missing);
    }

    [Theory]
    [InlineData("t,x,y,z", ',')]
    [InlineData("t;x;y;z", ';')]
    [InlineData("t\tx\ty\tz", '\t')]
    [InlineData("t", ',')]
    public void DetectDelimiter_Header_PicksTheMostFrequent(string header, char expected)
    {
        Assert.Equal(expected, ColumnMap.DetectDelimiter(Encoding.UTF8.GetBytes(header)));
    }

    [Theory]
    [InlineData(" Accelerometer X ", "accelerometerx")]
    [InlineData("\"time_s\"", "times")]
    [InlineData("x (g)", "xg")]
    public void Normalize_Name_DropsCaseQuotesAndSeparators(string name, string expected)
    {
        Assert.Equal(expected, ColumnMap.Normalize(name));
    }
}
