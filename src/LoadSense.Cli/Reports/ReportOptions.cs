using System.ComponentModel.DataAnnotations;

namespace LoadSense.Cli.Reports;

/// <summary>Settings of <c>loadsense report</c> (section <c>Report</c>).</summary>
internal sealed class ReportOptions
{
    /// <summary>The Chromium executable that renders <c>--png</c> (Debian's <c>chromium</c> package). Default <c>/usr/bin/chromium</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>How long Chromium may take to render the PNG, in seconds (5 to 600; default 60).</summary>
    [Range(5, 600)]
    public int RenderTimeoutSeconds { get; set; } = 60;
}
