using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EcsDiscoverer.Engine.Configuration;
using Xunit;

namespace EcsDiscoverer.Engine.Tests.Configuration;

/// <summary>docs/configuration.md and the settings table say the same thing; issue 3 (configuration).</summary>
public class ConfigurationDocsTests
{
    private static readonly Regex KeyRow = new(@"^\| `([A-Z0-9_*]+)` \|([^|\n]*)\|([^|\n]*)\|([^|\n]*)\|", RegexOptions.Multiline);

    [Fact(DisplayName = "docs/configuration.md has a row for every key, with its type, default and parameter")]
    public void EveryKeyDocumented()
    {
        var rows = KeyRow.Matches(ReadDocs())
            .ToDictionary(m => m.Groups[1].Value, m => (Type: Cell(m, 2), Default: Cell(m, 3), Parameter: Cell(m, 4)));

        foreach (var definition in SettingDefinitions.All)
        {
            Assert.True(rows.TryGetValue(definition.Key, out var row), $"{definition.Key} is not in docs/configuration.md");
            Assert.Equal(definition.TypeName, row.Type);
            Assert.Equal(definition.DefaultText, row.Default.Trim('`'));
            Assert.Equal(definition.ParameterName is null ? "" : "-" + definition.ParameterName, row.Parameter.Trim('`'));
        }

        var unknown = rows.Keys.Where(k => SettingDefinitions.Find(k) is null && !SeedOnlySettings.Keys.Contains(k));
        Assert.Empty(unknown);
    }

    private static string Cell(Match match, int group) => match.Groups[group].Value.Trim();

    private static string ReadDocs()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "configuration.md");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }

        throw new FileNotFoundException("docs/configuration.md not found above " + AppContext.BaseDirectory);
    }
}
