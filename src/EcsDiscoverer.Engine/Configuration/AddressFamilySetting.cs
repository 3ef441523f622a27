using EcsDiscoverer.Engine.Rules;

namespace EcsDiscoverer.Engine.Configuration;

/// <summary><c>ADDRESS_FAMILY</c> (R15): <c>ipv4-preferred</c>, <c>ipv6-preferred</c>, <c>ipv4</c> or <c>ipv6</c>, any case.</summary>
internal static class AddressFamilySetting
{
    /// <summary>The converter of the setting.</summary>
    public static SettingConverter Converter()
    {
        var use = "use " + string.Join(", ", AddressFamilyPreferences.Names);
        var text = SettingConverters.Text(use);
        return (object raw, out object? value, out string problem) =>
        {
            if (!text(raw, out value, out problem))
            {
                return false;
            }

            var ok = AddressFamilyPreferences.TryParse((string)value!, out var preference);
            value = ok ? preference : null;
            problem = ok ? "" : "is not an address family: " + use;
            return ok;
        };
    }
}
