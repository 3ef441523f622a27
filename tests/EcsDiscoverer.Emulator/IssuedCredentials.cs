using System.Globalization;

namespace EcsDiscoverer.Emulator;

/// <summary>
/// The temporary credentials the emulator's STS has issued, by access key id, so that a request signed with
/// one acts in the role's account, and fails as AWS fails it once the credentials have expired. Lives as long
/// as the server: replacing the scenario does not revoke credentials already handed out. Thread-safe.
/// </summary>
internal sealed class IssuedCredentials(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IssuedCredential> _byKey = new(StringComparer.Ordinal);
    private long _issued;

    public DateTimeOffset Now => time.GetUtcNow();

    public IssuedCredential Issue(string roleArn, string sessionName, TimeSpan lifetime)
    {
        lock (_gate)
        {
            // ASIA marks temporary keys, as AWS's do; the counter keeps them unique and readable in logs.
            var key = "ASIAEMU" + (++_issued).ToString("D13", CultureInfo.InvariantCulture);
            var credential = new IssuedCredential(
                key,
                StableIds.Hex("secret/" + key, 40),
                "EmulatorSessionToken/" + StableIds.Hex("token/" + key, 64),
                roleArn,
                sessionName,
                TruncateToSeconds(Now + lifetime));
            _byKey[key] = credential;
            return credential;
        }
    }

    public IssuedCredential? Find(string accessKeyId)
    {
        lock (_gate)
        {
            return _byKey.GetValueOrDefault(accessKeyId);
        }
    }

    public bool IsExpired(IssuedCredential credential) => Find(credential.AccessKeyId) is not { } current || current.Expiration <= Now;

    /// <summary>Makes every credential issued so far expire now, so a test need not wait for the lifetime.</summary>
    public int ExpireAll()
    {
        lock (_gate)
        {
            var now = Now;
            foreach (var key in _byKey.Keys.ToList())
            {
                _byKey[key] = _byKey[key] with { Expiration = now };
            }

            return _byKey.Count;
        }
    }

    // STS's Expiration has whole seconds; a client comparing it with its clock sees the same instant we do.
    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond));
}

/// <summary>One set of temporary credentials from AssumeRole.</summary>
internal sealed record IssuedCredential(string AccessKeyId, string SecretAccessKey, string SessionToken, string RoleArn, string SessionName, DateTimeOffset Expiration)
{
    /// <summary>The role's account: the account every request signed with these credentials acts in.</summary>
    public string Account => StsRoles.AccountOf(RoleArn);

    public string AssumedRoleArn => $"arn:aws:sts::{Account}:assumed-role/{StsRoles.NameOf(RoleArn)}/{SessionName}";

    /// <summary>The role's unique id (AROA...) and the session name, as STS reports the assumed-role user.</summary>
    public string AssumedRoleId => "AROA" + StableIds.Hex("role/" + RoleArn, 17).ToUpperInvariant() + ":" + SessionName;
}
