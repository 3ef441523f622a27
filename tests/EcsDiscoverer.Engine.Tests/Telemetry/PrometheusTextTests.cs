using System;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Telemetry;

// issue 3 (self-metrics): the test-side reader must itself reject what Prometheus rejects, or the other tests prove little.
public class PrometheusTextTests
{
    [Fact(DisplayName = "issue 3 test support: reads HELP, TYPE, labels with escapes, histogram samples and special values")]
    public void ReadsTheFormat()
    {
        var text = PrometheusText.Parse(
            "# HELP a_total A \\\\ counter\\nsecond line\n# TYPE a_total counter\n"
            + "a_total{x=\"q\\\"uote\",y=\"back\\\\slash\\n\",} 3 1700000000000\n"
            + "# a comment\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1.5e-3\nh_count 2\n# TYPE g gauge\ng NaN\n");
        Assert.Equal("A \\ counter\nsecond line", text.Help["a_total"]);
        Assert.Equal(3, text.Value("a_total", "x=q\"uote", "y=back\\slash\n"));
        Assert.Equal(2, text.Value("h_bucket", "le=+Inf"));
        Assert.Equal(0.0015, text.Value("h_sum"));
        Assert.Null(text.Find("h_count", "le=1"));
        Assert.True(double.IsNaN(text.Value("g")));
    }

    [Theory(DisplayName = "issue 3 test support: malformed expositions are refused")]
    [InlineData("x 1\n")]
    [InlineData("# TYPE x gauge\nx{a=\"1} 1\n")]
    [InlineData("# TYPE x gauge\nx{a=1} 1\n")]
    [InlineData("# TYPE x gauge\nx{__a=\"1\"} 1\n")]
    [InlineData("# TYPE x gauge\nx one\n")]
    [InlineData("# TYPE x gauge\n# TYPE x gauge\n")]
    [InlineData("# TYPE x widget\n")]
    [InlineData("# TYPE x gauge\r\nx 1\r\n")]
    [InlineData("# TYPE 1x gauge\n")]
    public void RefusesMalformed(string exposition) => Assert.Throws<FormatException>(() => PrometheusText.Parse(exposition));
}
