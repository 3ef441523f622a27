using System;
using System.Management.Automation;
using System.Reflection;
using EcsDiscoverer.Engine.Aws.Connection;

namespace EcsDiscoverer.Hosting;

/// <summary>
/// Reads AWS credentials objects without binding to their type: AWS.Tools' <c>AWSCredentials</c> (and the
/// <c>AWSPSCredentials</c> that Set-AWSCredential keeps in <c>$StoredAWSCredentials</c>) come from an AWS SDK in
/// another load context than ours, so they are read by their members: <c>GetCredentials()</c>, then the
/// <c>AccessKey</c>, <c>SecretKey</c> and <c>Token</c> of its result. Nothing here ever prints a secret.
/// </summary>
internal static class CredentialObjects
{
    /// <summary>
    /// A reader of <paramref name="value"/>: an object with <c>GetCredentials()</c>, one with a <c>Credentials</c>
    /// property that has it (AWSPSCredentials), or the keys themselves (ImmutableCredentials); null for anything else.
    /// </summary>
    public static Func<AwsKeys>? Reader(object? value)
    {
        var target = Unwrap(value);
        if (target is null)
        {
            return null;
        }

        if (FindGetCredentials(target) is { } get)
        {
            return () => Keys(get.Invoke(target, null), target);
        }

        if (Property(target, "Credentials") is { } inner && FindGetCredentials(inner) is { } innerGet)
        {
            return () => Keys(innerGet.Invoke(inner, null), inner);
        }

        return Property(target, "AccessKey") is string ? () => Keys(target, target) : null;
    }

    /// <summary>The .NET type name of the object (for -Verbose/-Debug: "where the credentials came from").</summary>
    public static string TypeName(object? value)
    {
        var target = Unwrap(value);
        var inner = target is null || FindGetCredentials(target) is not null ? null : Unwrap(Property(target, "Credentials"));
        return (inner ?? target)?.GetType().Name ?? "null";
    }

    /// <summary>The object a PowerShell wrapper holds (values from the command line and variables come wrapped).</summary>
    public static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

    private static MethodInfo? FindGetCredentials(object target) =>
        target.GetType().GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);

    private static object? Property(object target, string name) =>
        target.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(target);

    private static AwsKeys Keys(object? credentials, object from)
    {
        var accessKey = credentials is null ? null : Property(credentials, "AccessKey") as string;
        var secretKey = credentials is null ? null : Property(credentials, "SecretKey") as string;
        var token = credentials is null ? null : Property(credentials, "Token") as string;
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            throw new InvalidOperationException(
                $"The credentials object of type {from.GetType().FullName} gave no access key and secret key (its GetCredentials() result has no AccessKey and SecretKey).");
        }

        return new AwsKeys(accessKey!, secretKey!, string.IsNullOrEmpty(token) ? null : token);
    }
}
