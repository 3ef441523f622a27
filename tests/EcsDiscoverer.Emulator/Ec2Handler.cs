using Microsoft.AspNetCore.Http;

namespace EcsDiscoverer.Emulator;

/// <summary>The EC2 query protocol: a form-encoded <c>Action</c>; XML responses; errors are EC2 error XML.</summary>
internal static class Ec2Handler
{
    private const string ContentType = "text/xml;charset=UTF-8";
    /// <summary>HTTP 200 with a body that is not XML.</summary>
    public static AwsReply Garbage => new(StatusCodes.Status200OK, ContentType, "{\"upstream\": \"answered JSON, not EC2 XML\"");

    /// <summary>The instance ids a request asks for: <c>InstanceId.N</c> values and <c>instance-id</c> filter values.</summary>
    public static IReadOnlyCollection<string> InstanceIdsOf(IFormCollection form)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (key.StartsWith("InstanceId.", StringComparison.Ordinal))
            {
                ids.Add(value.ToString());
            }
            else if (key.StartsWith("Filter.", StringComparison.Ordinal) && key.Contains(".Value.", StringComparison.Ordinal)
                && form[key[..key.IndexOf(".Value.", StringComparison.Ordinal)] + ".Name"].ToString() == "instance-id")
            {
                ids.Add(value.ToString());
            }
        }

        return ids;
    }

    /// <summary>Serves the request from <paramref name="scenario"/>, the view of the caller's account and region.</summary>
    public static AwsReply Execute(EmulatorScenario scenario, IFormCollection form, bool authenticated)
    {
        var requestId = Guid.NewGuid().ToString();
        try
        {
            return new AwsReply(StatusCodes.Status200OK, ContentType, Execute(scenario, form, authenticated, requestId));
        }
        catch (Ec2ApiException ex)
        {
            return new AwsReply(StatusCodes.Status400BadRequest, ContentType, Ec2Xml.Error(ex.Code, ex.Message, requestId));
        }
    }

    public static AwsReply ErrorReply(int status, string code, string message) =>
        new(status, ContentType, Ec2Xml.Error(code, message, Guid.NewGuid().ToString()));

    private static string Execute(EmulatorScenario scenario, IFormCollection form, bool authenticated, string requestId)
    {
        if (!authenticated)
        {
            throw new Ec2ApiException("AuthFailure", "AWS was not able to validate the provided access credentials");
        }

        var action = form["Action"].ToString();
        return action switch
        {
            "DescribeInstances" => Ec2DescribeInstances.Execute(scenario, form, requestId),
            "" => throw new Ec2ApiException("MissingAction", "The request must contain the parameter Action (or, for ECS, the X-Amz-Target header)."),
            _ => throw new Ec2ApiException(
                "UnauthorizedOperation",
                $"You are not authorized to perform this operation: ec2:{action} (the EcsDiscoverer emulator allows only ec2:DescribeInstances)."),
        };
    }
}
