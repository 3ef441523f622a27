using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// STS in the AWS query protocol, as AWSSDK.SecurityToken and boto3 call it: <c>AssumeRole</c> issues temporary
/// credentials that act in the role's account (refused for a denied role or a wrong external id), and
/// <c>GetCallerIdentity</c> says who the caller is. Responses and errors are STS's XML (namespace
/// <c>https://sts.amazonaws.com/doc/2011-06-15/</c>).
/// </summary>
internal sealed partial class StsHandler(IssuedCredentials issued)
{
    /// <summary>The <c>Version</c> STS requests carry; a form request with it is STS even when unsigned.</summary>
    public const string ApiVersion = "2011-06-15";

    private const string ContentType = "text/xml";
    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>HTTP 200 with a body that is not XML.</summary>
    public static AwsReply Garbage => new(StatusCodes.Status200OK, ContentType, "{\"upstream\": \"answered JSON, not STS XML\"");

    public static AwsReply ErrorReply(int status, string code, string message) =>
        new(status, ContentType, Render(new XElement(
            Ns + "ErrorResponse",
            new XElement(
                Ns + "Error",
                new XElement(Ns + "Type", status < 500 ? "Sender" : "Receiver"),
                new XElement(Ns + "Code", code),
                new XElement(Ns + "Message", message)),
            new XElement(Ns + "RequestId", Guid.NewGuid().ToString()))));

    public AwsReply Execute(IFormCollection form, Caller caller, EmulatorScenario scenario)
    {
        try
        {
            if (!caller.Authenticated)
            {
                throw new StsApiException(StatusCodes.Status403Forbidden, "MissingAuthenticationToken", "Request is missing Authentication Token");
            }

            var action = form["Action"].ToString();
            var result = action switch
            {
                "AssumeRole" => AssumeRole(form, caller, scenario),
                "GetCallerIdentity" => new XElement(
                    Ns + "GetCallerIdentityResult",
                    new XElement(Ns + "Arn", caller.Arn),
                    new XElement(Ns + "UserId", caller.UserId),
                    new XElement(Ns + "Account", caller.Scope.Account)),
                _ => throw new StsApiException(
                    StatusCodes.Status400BadRequest,
                    "InvalidAction",
                    $"Could not find operation {action} for version {ApiVersion} (the EcsDiscoverer emulator serves AssumeRole and GetCallerIdentity)."),
            };
            return new AwsReply(StatusCodes.Status200OK, ContentType, Render(new XElement(
                Ns + action + "Response",
                result,
                new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", Guid.NewGuid().ToString())))));
        }
        catch (StsApiException ex)
        {
            return ErrorReply(ex.Status, ex.Code, ex.Message);
        }
    }

    private XElement AssumeRole(IFormCollection form, Caller caller, EmulatorScenario scenario)
    {
        var roleArn = Required(form, "RoleArn", "roleArn");
        var sessionName = Required(form, "RoleSessionName", "roleSessionName");
        if (!StsRoles.IsRoleArn(roleArn))
        {
            throw Validation($"Value '{roleArn}' at 'roleArn' failed to satisfy constraint: Member must be a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
        }

        if (!SessionNamePattern().IsMatch(sessionName))
        {
            throw Validation($"Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length 2 to 64 and satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        int? duration = null;
        if (form["DurationSeconds"].ToString() is { Length: > 0 } text)
        {
            duration = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= StsRoles.MinDurationSeconds and <= StsRoles.MaxLifetimeSeconds
                ? seconds
                : throw Validation($"Value '{text}' at 'durationSeconds' failed to satisfy constraint: Member must have value between {StsRoles.MinDurationSeconds} and {StsRoles.MaxLifetimeSeconds}");
        }

        var externalId = form["ExternalId"].ToString();
        var (denied, requiredId, lifetime) = scenario.ReadFleet(fleet =>
            (fleet.DeniedRoles.Contains(roleArn), fleet.ExternalIds.GetValueOrDefault(roleArn), fleet.CredentialLifetimeSeconds));

        // A trust policy that does not trust the caller, or whose sts:ExternalId condition fails, looks the same to the caller.
        if (denied || (requiredId is not null && requiredId != externalId))
        {
            throw new StsApiException(
                StatusCodes.Status403Forbidden,
                "AccessDenied",
                $"User: {caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
        }

        // The scenario's lifetime wins, so that a test can make credentials expire in seconds while the client asks for the usual hour.
        var credentials = issued.Issue(roleArn, sessionName, TimeSpan.FromSeconds(lifetime ?? duration ?? StsRoles.DefaultLifetimeSeconds));
        return new XElement(
            Ns + "AssumeRoleResult",
            new XElement(
                Ns + "AssumedRoleUser",
                new XElement(Ns + "AssumedRoleId", credentials.AssumedRoleId),
                new XElement(Ns + "Arn", credentials.AssumedRoleArn)),
            new XElement(
                Ns + "Credentials",
                new XElement(Ns + "AccessKeyId", credentials.AccessKeyId),
                new XElement(Ns + "SecretAccessKey", credentials.SecretAccessKey),
                new XElement(Ns + "SessionToken", credentials.SessionToken),
                new XElement(Ns + "Expiration", credentials.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))));
    }

    private static string Required(IFormCollection form, string name, string member) =>
        form[name].ToString() is { Length: > 0 } value
            ? value
            : throw Validation($"Value null at '{member}' failed to satisfy constraint: Member must not be null");

    private static StsApiException Validation(string problem) =>
        new(StatusCodes.Status400BadRequest, "ValidationError", "1 validation error detected: " + problem);

    private static string Render(XElement root) => root.ToString(SaveOptions.DisableFormatting);

    [GeneratedRegex("^[\\w+=,.@-]{2,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionNamePattern();
}
