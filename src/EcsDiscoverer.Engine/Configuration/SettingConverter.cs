namespace EcsDiscoverer.Engine.Configuration;

/// <summary>
/// Turns a raw value (a string from the environment, a .psd1 value, a typed parameter value) into a setting's
/// typed value, or says what is wrong with it.
/// </summary>
/// <param name="raw">The raw value; never null.</param>
/// <param name="value">The typed value on success.</param>
/// <param name="problem">On failure, a phrase to follow the value: "is not a duration: use ...".</param>
internal delegate bool SettingConverter(object raw, out object? value, out string problem);
