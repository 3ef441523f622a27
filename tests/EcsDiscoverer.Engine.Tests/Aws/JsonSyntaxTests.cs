using EcsDiscoverer.Engine.Aws.Ecs;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Aws;

public class JsonSyntaxTests
{
    [Theory(DisplayName = "JsonSyntax: a complete JSON value is well-formed whatever its shape; a cut or garbled body is not")]
    [InlineData("{}", true)]
    [InlineData("{\"taskArns\": 5}", true)]
    [InlineData("[1, \"two\", null]", true)]
    [InlineData("\"\\ud800\"", true)]
    [InlineData("{\"taskArns\": [", false)]
    [InlineData("{\"a\": 1}}", false)]
    [InlineData("<html>proxy</html>", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("{\"a\": 1} {\"b\": 2}", false)]
    public void IsWellFormed(string text, bool expected) => Assert.Equal(expected, JsonSyntax.IsWellFormed(text));
}
