using System.ComponentModel.DataAnnotations;

namespace LoadSense.Storage.Tests;

public sealed class SqliteOptionsTests
{
    [Fact]
    public void DefaultPath_XdgDataHomeSet_UsesIt()
    {
        string path = SqliteOptions.DefaultPath(Env(("XDG_DATA_HOME", "/srv/data"), ("HOME", "/home/ann")));

        Assert.Equal("/srv/data/loadsense/loadsense.db", path);
    }

    [Fact]
    public void DefaultPath_XdgDataHomeUnset_UsesLocalShareUnderHome()
    {
        string path = SqliteOptions.DefaultPath(Env(("HOME", "/home/ann")));

        Assert.Equal("/home/ann/.local/share/loadsense/loadsense.db", path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/data")]
    public void DefaultPath_XdgDataHomeEmptyOrRelative_IsIgnored(string xdgDataHome)
    {
        string path = SqliteOptions.DefaultPath(Env(("XDG_DATA_HOME", xdgDataHome), ("HOME", "/home/ann")));

        Assert.Equal("/home/ann/.local/share/loadsense/loadsense.db", path);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        var options = new SqliteOptions();

        Assert.Equal(30, options.BusyTimeoutSeconds);
        Assert.True(Path.IsPathFullyQualified(options.Path));
        Assert.EndsWith(Path.Combine("loadsense", "loadsense.db"), options.Path, StringComparison.Ordinal);
        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(600, true)]
    [InlineData(601, false)]
    public void BusyTimeoutSeconds_Bounds_AreEnforced(int seconds, bool valid)
    {
        var options = new SqliteOptions { Path = "/tmp/x.db", BusyTimeoutSeconds = seconds };

        List<ValidationResult> errors = Validate(options);

        Assert.Equal(valid, errors.Count == 0);
        if (!valid)
        {
            Assert.Contains(nameof(SqliteOptions.BusyTimeoutSeconds), Assert.Single(errors).MemberNames);
        }
    }

    [Fact]
    public void Path_Empty_IsInvalid()
    {
        var options = new SqliteOptions { Path = " " };

        Assert.Contains(nameof(SqliteOptions.Path), Assert.Single(Validate(options)).MemberNames);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    private static List<ValidationResult> Validate(SqliteOptions options)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        return errors;
    }
}
