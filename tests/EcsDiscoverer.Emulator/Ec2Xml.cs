using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace EcsDiscoverer.Emulator;

/// <summary>EC2 query-protocol response bodies, shaped like real EC2's (API version 2016-11-15).</summary>
internal static class Ec2Xml
{
    private static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static readonly Dictionary<string, int> StateCodes = new(StringComparer.Ordinal)
    {
        ["pending"] = 0,
        ["running"] = 16,
        ["shutting-down"] = 32,
        ["terminated"] = 48,
        ["stopping"] = 64,
        ["stopped"] = 80,
    };

    /// <summary>The DescribeInstances answer; <paramref name="ownerId"/> is the account the reservations belong to.</summary>
    public static string DescribeInstances(IEnumerable<JsonObject> instances, string? nextToken, string requestId, string ownerId)
    {
        // One reservation per instance: clients must flatten reservations anyway, and this keeps
        // pages (which count instances) simple.
        var root = new XElement(
            Ns + "DescribeInstancesResponse",
            new XElement(Ns + "requestId", requestId),
            new XElement(Ns + "reservationSet", instances.Select(instance => Reservation(instance, ownerId))));
        if (nextToken is not null)
        {
            root.Add(new XElement(Ns + "nextToken", nextToken));
        }

        return Render(root);
    }

    public static string Error(string code, string message, string requestId) => Render(
        new XElement(
            "Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
            new XElement("RequestID", requestId)));

    private static XElement Reservation(JsonObject instance, string ownerId)
    {
        var id = JsonFields.AsString(instance["instanceId"])!;
        return new XElement(
            Ns + "item",
            new XElement(Ns + "reservationId", "r-" + StableHex(id)),
            new XElement(Ns + "ownerId", ownerId),
            new XElement(Ns + "groupSet"),
            new XElement(Ns + "instancesSet", Instance(instance, id)));
    }

    private static XElement Instance(JsonObject instance, string id)
    {
        var state = JsonFields.AsString(instance["state"]) ?? "running";
        var item = new XElement(
            Ns + "item",
            new XElement(Ns + "instanceId", id),
            new XElement(Ns + "instanceState",
                new XElement(Ns + "code", StateCodes.GetValueOrDefault(state, 16)),
                new XElement(Ns + "name", state)));
        if (JsonFields.AsString(instance["privateIpAddress"]) is { } ip)
        {
            item.Add(new XElement(Ns + "privateIpAddress", ip));
        }

        if (JsonFields.AsString(instance["availabilityZone"]) is { } zone)
        {
            item.Add(new XElement(Ns + "placement", new XElement(Ns + "availabilityZone", zone)));
        }

        // The facts of Prometheus's role: ecs labels and of IPv6 targets (R14, R15), under EC2's XML names.
        foreach (var (field, element) in new[] { ("instanceType", "instanceType"), ("publicIpAddress", "ipAddress"), ("subnetId", "subnetId"), ("ipv6Address", "ipv6Address") })
        {
            if (JsonFields.AsString(instance[field]) is { } value)
            {
                item.Add(new XElement(Ns + element, value));
            }
        }

        if (instance["ipv6Addresses"] is JsonArray ipv6Addresses)
        {
            // One network interface with those addresses, the first primary.
            item.Add(new XElement(Ns + "networkInterfaceSet", new XElement(Ns + "item",
                new XElement(Ns + "ipv6AddressesSet", ipv6Addresses.Select(JsonFields.AsString).Where(a => a is not null).Select((address, i) => new XElement(
                    Ns + "item", new XElement(Ns + "ipv6Address", address), new XElement(Ns + "isPrimaryIpv6", i == 0 ? "true" : "false")))))));
        }

        if (instance["tags"] is JsonArray tags)
        {
            item.Add(new XElement(Ns + "tagSet", tags.OfType<JsonObject>().Select(tag => new XElement(
                Ns + "item",
                new XElement(Ns + "key", JsonFields.AsString(tag["key"]) ?? ""),
                new XElement(Ns + "value", JsonFields.AsString(tag["value"]) ?? "")))));
        }

        return item;
    }

    private static string StableHex(string seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..17];

    // Written by hand: XmlWriter would spell the encoding "utf-8", and EC2 spells it "UTF-8".
    private static string Render(XElement root) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.None);
}
