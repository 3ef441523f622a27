#Requires -Version 5.1
<#
.SYNOPSIS
Builds the module's MAML help and about_ topics from the platyPS-style markdown in docs/help.

.DESCRIPTION
platyPS is not available to this project, so this script does its job for the build: it imports
the built module, takes everything that can drift (syntax per parameter set, parameter types,
Mandatory, Position, pipeline input, aliases, wildcard support, output types) from Get-Command,
and takes the prose (synopsis, description, examples, parameter descriptions, inputs, outputs,
notes, related links) from docs/help/<Cmdlet>.md; the first related link, 'Online Version:', is
the cmdlet's HelpUri. It writes <Dll>-Help.xml (the file name each
cmdlet's CmdletInfo.HelpFile asks for, so Get-Help finds it) and one <about_Name>.help.txt per
docs/help/about_*.md into -OutputPath.

It throws, naming every gap at once, when an exported cmdlet has no markdown file, or its
markdown lacks a SYNOPSIS, a DESCRIPTION, an example with code, or a description of one of the
cmdlet's own parameters, or documents a parameter the cmdlet does not have.

Run it in a child pwsh: it imports the module into the current session.

.EXAMPLE
pwsh -NoProfile -NonInteractive -File build/New-EcsDiscovererHelp.ps1 -ModulePath out/EcsDiscoverer/0.1.0/EcsDiscoverer.psd1 -MarkdownPath docs/help -OutputPath out/EcsDiscoverer/0.1.0/en-US
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    # The built module's manifest (.psd1).
    [Parameter(Mandatory = $true)]
    [string] $ModulePath,

    # The folder with <Cmdlet>.md and about_*.md files.
    [Parameter(Mandatory = $true)]
    [string] $MarkdownPath,

    # The culture folder to write into, normally <module folder>/en-US. Created when missing.
    [Parameter(Mandatory = $true)]
    [string] $OutputPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:MshNs = 'http://msh'

# WhatIf and Confirm are "optional common parameters": they belong in a cmdlet's help when the
# cmdlet supports ShouldProcess (platyPS documents them too), with the standard wording unless
# the markdown says more. UseTransaction does not exist on PowerShell 7 and is never documented.
$script:StandardDescriptions = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

#region Markdown reading

# Splits markdown lines into sections at headings of exactly the given level. Headings inside
# fenced code blocks are code (a PowerShell comment starts with '# '), so fences are tracked.
function Split-MarkdownSection {
    param([string[]] $Lines, [int] $Level, [switch] $IncludePreamble)

    $sections = [System.Collections.Generic.List[object]]::new()
    $current = $null
    if ($IncludePreamble) {
        # Text before the first heading, as a section without a title.
        $current = [pscustomobject]@{ Title = $null; Lines = [System.Collections.Generic.List[string]]::new() }
        $sections.Add($current)
    }
    $inFence = $false
    $prefix = ('#' * $Level) + ' '
    foreach ($line in $Lines) {
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix)) {
            $current = [pscustomobject]@{ Title = $line.Substring($prefix.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $sections.Add($current)
            continue
        }
        if ($null -ne $current) { $current.Lines.Add($line) }
    }
    return $sections.ToArray()
}

# Turns inline markdown into the plain text Get-Help prints: the console shows no formatting,
# so markers are dropped; a link keeps its address when it is absolute, since that is all a
# reader of plain text can follow.
function ConvertFrom-MarkdownInline {
    param([string] $Text)

    $t = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)\s]+)\)', {
            param($m)
            if ($m.Groups[2].Value -match '^https?://') { '{0} ({1})' -f $m.Groups[1].Value, $m.Groups[2].Value } else { $m.Groups[1].Value }
        })
    $t = $t -replace '\*\*(.+?)\*\*', '$1'
    $t = $t -replace '`([^`]+)`', '$1'
    # Only markdown's own escapes; a lone backslash (a Windows path) stays.
    $t = $t -replace '\\([\\`*_{}\[\]<>#|])', '$1'
    return $t
}

# Splits a block of markdown into the paragraphs Get-Help shows as separate maml:para elements.
# Prose lines are joined (markdown soft-wraps); list items become one paragraph each; tables
# and fenced code keep their line breaks, indented like code in Microsoft's own help.
function ConvertTo-HelpParagraph {
    param([string[]] $Lines)

    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $mode = 'none'   # none | prose | list | table | code

    $flush = {
        if ($buffer.Count -gt 0) {
            switch ($mode) {
                'code' { $paragraphs.Add((($buffer | ForEach-Object { '    ' + $_ }) -join "`n")) }
                'table' { $paragraphs.Add((ConvertTo-PlainTable -Lines $buffer.ToArray() -Width 76) -join "`n") }
                default { $paragraphs.Add((ConvertFrom-MarkdownInline -Text (($buffer | ForEach-Object { $_.Trim() }) -join ' '))) }
            }
        }
        $buffer.Clear()
    }

    foreach ($line in $Lines) {
        if ($mode -eq 'code') {
            if ($line -match '^\s*(```|~~~)') { & $flush; $mode = 'none' } else { $buffer.Add($line) }
            continue
        }
        if ($line -match '^\s*(```|~~~)') { & $flush; $mode = 'code'; continue }
        if ($line -match '^\s*$') { & $flush; $mode = 'none'; continue }
        if ($line -match '^\s*\|') {
            if ($mode -ne 'table') { & $flush; $mode = 'table' }
            $buffer.Add($line); continue
        }
        if ($line -match '^\s*([-*+]|\d+\.)\s+(.*)$') {
            & $flush; $mode = 'list'
            $marker = $Matches[1]
            $text = $Matches[2]
            if ($marker -notmatch '\d') { $marker = '-' }
            $buffer.Add($marker + ' ' + $text); continue
        }
        if ($mode -eq 'none' -or $mode -eq 'table') { & $flush; $mode = 'prose' }
        $buffer.Add($line)
    }
    & $flush
    return $paragraphs.ToArray()
}

# Renders a markdown table as aligned plain text. The last column wraps within the width, since
# it is where the long explanations are and the console does not scroll sideways.
function ConvertTo-PlainTable {
    param([string[]] $Lines, [int] $Width)

    $rows = [System.Collections.Generic.List[object]]::new()
    foreach ($line in $Lines) {
        $trimmed = $line.Trim()
        if ($trimmed -match '^\|?\s*:?-{2,}') { continue }   # the |---|---| separator row
        $rows.Add(@($trimmed.Trim('|') -split '(?<!\\)\|' | ForEach-Object { ConvertFrom-MarkdownInline -Text $_.Trim() }))
    }
    $columns = ($rows | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
    $widths = @(for ($c = 0; $c -lt $columns - 1; $c++) {
        ($rows | ForEach-Object { if ($c -lt $_.Count) { $_[$c].Length } else { 0 } } | Measure-Object -Maximum).Maximum
    })
    $lead = 0
    foreach ($w in @($widths)) { $lead += $w + 2 }
    $lastWidth = [Math]::Max(20, $Width - $lead)

    $out = [System.Collections.Generic.List[string]]::new()
    for ($r = 0; $r -lt $rows.Count; $r++) {
        $row = $rows[$r]
        $head = ''
        for ($c = 0; $c -lt $columns - 1; $c++) {
            $cell = if ($c -lt $row.Count) { $row[$c] } else { '' }
            $head += $cell.PadRight($widths[$c] + 2)
        }
        $last = if ($columns - 1 -lt $row.Count) { $row[$columns - 1] } else { '' }
        $wrapped = @(Split-TextToWidth -Text $last -Width $lastWidth)
        if ($wrapped.Count -eq 0) { $wrapped = @('') }
        $out.Add(($head + $wrapped[0]).TrimEnd())
        for ($i = 1; $i -lt $wrapped.Count; $i++) { $out.Add((' ' * $lead) + $wrapped[$i]) }
        if ($r -eq 0) {
            $rule = ''
            for ($c = 0; $c -lt $columns - 1; $c++) { $rule += ('-' * $widths[$c]).PadRight($widths[$c] + 2) }
            $longest = ($rows | ForEach-Object { if ($columns - 1 -lt $_.Count) { $_[$columns - 1].Length } else { 0 } } | Measure-Object -Maximum).Maximum
            $out.Add($rule + ('-' * [Math]::Min($lastWidth, $longest)))
        }
    }
    return $out.ToArray()
}

# Word-wraps one line of text; a word longer than the width gets a line of its own.
function Split-TextToWidth {
    param([string] $Text, [int] $Width)

    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if ($line.Length -eq 0) { $line = $word }
        elseif ($line.Length + 1 + $word.Length -le $Width) { $line += ' ' + $word }
        else { $lines.Add($line); $line = $word }
    }
    if ($line.Length -gt 0) { $lines.Add($line) }
    return $lines.ToArray()
}

# Non-blank paragraphs of a section; nothing when the section is missing.
function Get-SectionParagraph {
    param($Section)
    if ($null -eq $Section) { return }
    return @(ConvertTo-HelpParagraph -Lines $Section.Lines.ToArray() | Where-Object { $_.Trim() })
}

# '### Example 1: title' sections: the first fenced block is the code Get-Help -Examples shows
# under the title; any prose and further blocks (sample output) become the remarks.
function Get-MarkdownExample {
    param($Section)

    if ($null -eq $Section) { return }
    $examples = foreach ($sub in (Split-MarkdownSection -Lines $Section.Lines.ToArray() -Level 3)) {
        $code = $null
        $rest = [System.Collections.Generic.List[string]]::new()
        $inFence = $false
        $fence = [System.Collections.Generic.List[string]]::new()
        foreach ($line in $sub.Lines) {
            if ($line -match '^\s*(```|~~~)') {
                if ($inFence) {
                    if ($null -eq $code) { $code = ($fence -join "`n").Trim("`r", "`n") }
                    else { $rest.Add('```'); $rest.AddRange($fence); $rest.Add('```') }
                    $fence.Clear()
                }
                $inFence = -not $inFence
                continue
            }
            if ($inFence) { $fence.Add($line) } else { $rest.Add($line) }
        }
        [pscustomobject]@{
            Title   = ConvertFrom-MarkdownInline -Text $sub.Title
            Code    = $code
            Remarks = @(ConvertTo-HelpParagraph -Lines $rest.ToArray() | Where-Object { $_.Trim() })
        }
    }
    return @($examples)
}

# '### -Name' sections. platyPS puts a yaml block of metadata under each; this build takes that
# metadata from Get-Command, except 'Default value:', which compiled cmdlets cannot report.
function Get-MarkdownParameter {
    param($Section)

    $parameters = [ordered]@{}
    if ($null -eq $Section) { return $parameters }
    foreach ($sub in (Split-MarkdownSection -Lines $Section.Lines.ToArray() -Level 3)) {
        $name = $sub.Title.TrimStart('-').Trim()
        $prose = [System.Collections.Generic.List[string]]::new()
        $default = $null
        $inYaml = $false
        foreach ($line in $sub.Lines) {
            if ($line -match '^\s*```\s*ya?ml\s*$') { $inYaml = $true; continue }
            if ($inYaml) {
                if ($line -match '^\s*```') { $inYaml = $false }
                elseif ($line -match '^\s*Default value:\s*(.+?)\s*$') { $default = $Matches[1] }
                continue
            }
            $prose.Add($line)
        }
        $parameters[$name] = [pscustomobject]@{
            Name         = $name
            Paragraphs   = @(ConvertTo-HelpParagraph -Lines $prose.ToArray() | Where-Object { $_.Trim() })
            DefaultValue = $default
        }
    }
    return $parameters
}

# INPUTS/OUTPUTS: '### TypeName' followed by what it means, as platyPS writes them.
function Get-MarkdownTypeEntry {
    param($Section)

    if ($null -eq $Section) { return }
    $entries = foreach ($sub in (Split-MarkdownSection -Lines $Section.Lines.ToArray() -Level 3)) {
        [pscustomobject]@{
            Name       = ConvertFrom-MarkdownInline -Text $sub.Title
            Paragraphs = @(ConvertTo-HelpParagraph -Lines $sub.Lines.ToArray() | Where-Object { $_.Trim() })
        }
    }
    return @($entries)
}

# RELATED LINKS: one '[text](target)' per line. Only absolute URLs become maml:uri (Get-Help
# -Online opens the first one); a topic or cmdlet name stays link text.
function Get-MarkdownLink {
    param($Section)

    if ($null -eq $Section) { return }
    $links = foreach ($line in $Section.Lines) {
        if ($line -match '\[([^\]]+)\]\(([^)]*)\)') {
            $target = $Matches[2].Trim()
            [pscustomobject]@{ Text = $Matches[1].Trim(); Uri = $(if ($target -match '^https?://') { $target } else { '' }) }
        }
        elseif ($line.Trim() -and $line.Trim() -notmatch '^<!--') {
            [pscustomobject]@{ Text = (ConvertFrom-MarkdownInline -Text $line.Trim()); Uri = '' }
        }
    }
    return @($links)
}

# Reads one cmdlet's markdown into its parts. The '# Name' title must be the cmdlet's name, so a
# copied file cannot document the wrong command.
function Read-CommandMarkdown {
    param([string] $Path)

    $lines = @(Get-Content -LiteralPath $Path -Encoding UTF8)
    $top = @(Split-MarkdownSection -Lines $lines -Level 1)
    $title = if ($top.Count -gt 0) { $top[0].Title } else { '' }
    $sections = @{}
    if ($top.Count -gt 0) {
        foreach ($s in (Split-MarkdownSection -Lines $top[0].Lines.ToArray() -Level 2)) { $sections[$s.Title.ToUpperInvariant()] = $s }
    }
    $get = { param($n) if ($sections.ContainsKey($n)) { $sections[$n] } else { $null } }
    [pscustomobject]@{
        Path        = $Path
        Title       = $title
        Synopsis    = @(Get-SectionParagraph (& $get 'SYNOPSIS'))
        Description = @(Get-SectionParagraph (& $get 'DESCRIPTION'))
        Examples    = @(Get-MarkdownExample (& $get 'EXAMPLES'))
        Parameters  = Get-MarkdownParameter (& $get 'PARAMETERS')
        Inputs      = @(Get-MarkdownTypeEntry (& $get 'INPUTS'))
        Outputs     = @(Get-MarkdownTypeEntry (& $get 'OUTPUTS'))
        Notes       = @(Get-SectionParagraph (& $get 'NOTES'))
        Links       = @(Get-MarkdownLink (& $get 'RELATED LINKS'))
    }
}

#endregion

#region Command metadata

# The parameters help documents: the cmdlet's own plus WhatIf/Confirm, never the common ones
# that every cmdlet has (Get-Help adds its <CommonParameters> note for those).
function Test-DocumentedParameter {
    param([string] $Name)
    return -not ([System.Management.Automation.Cmdlet]::CommonParameters.Contains($Name) -or $Name -eq 'UseTransaction')
}

# Short type name as PowerShell prints it in syntax: String[], SwitchParameter, List[String].
function Get-ShortTypeName {
    param([type] $Type)
    if ($Type.IsArray) { return (Get-ShortTypeName -Type $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        $arguments = ($Type.GetGenericArguments() | ForEach-Object { Get-ShortTypeName -Type $_ }) -join ', '
        return ($Type.Name -replace '`\d+$', '') + "[$arguments]"
    }
    return $Type.Name
}

function Format-PipelineInput {
    param([bool] $ByValue, [bool] $ByPropertyName)
    if ($ByValue -and $ByPropertyName) { return 'True (ByValue, ByPropertyName)' }
    if ($ByValue) { return 'True (ByValue)' }
    if ($ByPropertyName) { return 'True (ByPropertyName)' }
    return 'False'
}

# MAML positions follow Get-Command (0-based), as in Microsoft's own platyPS-built help.
function Format-Position {
    param([int] $Position)
    if ($Position -lt 0) { return 'named' }
    return [string] $Position
}

# One parameter as one parameter set sees it.
function New-ParameterView {
    param([System.Management.Automation.CommandParameterInfo] $Info)

    $type = $Info.ParameterType
    [pscustomobject]@{
        Name           = $Info.Name
        Type           = $type
        IsSwitch       = ($type -eq [System.Management.Automation.SwitchParameter])
        Required       = $Info.IsMandatory
        Position       = $Info.Position
        ByValue        = $Info.ValueFromPipeline
        ByPropertyName = $Info.ValueFromPipelineByPropertyName
        Aliases        = @($Info.Aliases)
        Globbing       = [bool]($Info.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    }
}

# The syntax lines: one per parameter set, positional parameters first in position order as
# Get-Command -Syntax prints them, then mandatory ones, then the rest in declaration order.
function Get-SyntaxSet {
    param([System.Management.Automation.CommandInfo] $Command)

    foreach ($set in $Command.ParameterSets) {
        $views = @($set.Parameters | Where-Object { Test-DocumentedParameter $_.Name } | ForEach-Object { New-ParameterView -Info $_ })
        $i = 0
        $ordered = $views | ForEach-Object { $_ | Add-Member -NotePropertyName Order -NotePropertyValue ($i++) -PassThru } |
            Sort-Object @{ Expression = { if ($_.Position -ge 0) { 0 } elseif ($_.Required) { 1 } else { 2 } } },
            @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { 0 } } }, Order
        [pscustomobject]@{ Name = $set.Name; Parameters = @($ordered) }
    }
}

# One entry per parameter for the PARAMETERS section, merged over the parameter sets it is in:
# required only where it is mandatory in every set, pipeline input where any set takes it,
# a position only where every set agrees.
function Get-MergedParameter {
    param([System.Management.Automation.CommandInfo] $Command)

    $byName = [ordered]@{}
    foreach ($set in $Command.ParameterSets) {
        foreach ($info in $set.Parameters) {
            if (-not (Test-DocumentedParameter $info.Name)) { continue }
            $view = New-ParameterView -Info $info
            if (-not $byName.Contains($info.Name)) { $byName[$info.Name] = $view; continue }
            $merged = $byName[$info.Name]
            $merged.Required = $merged.Required -and $view.Required
            $merged.ByValue = $merged.ByValue -or $view.ByValue
            $merged.ByPropertyName = $merged.ByPropertyName -or $view.ByPropertyName
            if ($merged.Position -ne $view.Position) { $merged.Position = [int]::MinValue }
        }
    }
    return $byName
}

#endregion

#region Validation

# Everything a cmdlet's help must have, as messages naming the gap; empty when complete.
function Test-CommandDoc {
    param([System.Management.Automation.CommandInfo] $Command, $Doc, $Parameters)

    $name = $Command.Name
    $file = Split-Path -Leaf $Doc.Path
    if ($Doc.Title -ne $name) { "${file}: the title must be '# $name', not '# $($Doc.Title)'" }
    if ($Doc.Synopsis.Count -eq 0) { "${file}: $name has no '## SYNOPSIS' text" }
    # Get-Help -Online opens it; the page is the markdown itself, in the project's repository.
    if (-not $Command.HelpUri) { "$name has no HelpUri in its [Cmdlet] attribute (ProjectLinks.Help + '$name.md')" }
    elseif (-not $Command.HelpUri.EndsWith("/docs/help/$file")) { "$name's HelpUri $($Command.HelpUri) is not the address of docs/help/$file" }
    if ($Doc.Description.Count -eq 0) { "${file}: $name has no '## DESCRIPTION' text" }
    if (@($Doc.Examples | Where-Object { $_.Code }).Count -eq 0) { "${file}: $name has no example with a code block under '## EXAMPLES' ('### Example 1: ...' then a fenced block)" }
    foreach ($example in $Doc.Examples) {
        if (-not $example.Code) { "${file}: example '$($example.Title)' of $name has no code block" }
    }
    foreach ($p in $Parameters.Keys) {
        if ($script:StandardDescriptions.ContainsKey($p)) { continue }
        if (-not $Doc.Parameters.Contains($p)) { "${file}: parameter -$p of $name is not documented (add '### -$p' under '## PARAMETERS')" }
        elseif ($Doc.Parameters[$p].Paragraphs.Count -eq 0) { "${file}: parameter -$p of $name has no description" }
    }
    foreach ($p in $Doc.Parameters.Keys) {
        if ($p -eq 'CommonParameters') { continue }
        if (-not $Parameters.Contains($p)) { "${file}: documents -$p, which $name does not have" }
    }
}

#endregion

#region MAML writing

# One element with text content; XmlWriter escapes the text.
function Write-Element {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [string] $Text)
    $ns = switch ($Prefix) { 'maml' { $script:MamlNs } 'command' { $script:CommandNs } 'dev' { $script:DevNs } }
    $Writer.WriteStartElement($Prefix, $Name, $ns)
    if ($null -ne $Text) { $Writer.WriteString($Text) }
    $Writer.WriteEndElement()
}

function Write-Para {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($p in $Paragraphs) { Write-Element $Writer 'maml' 'para' $p }
}

# <maml:description> with one <maml:para> per paragraph; Get-Help prints them separated.
function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $script:MamlNs)
    Write-Para $Writer $Paragraphs
    $Writer.WriteEndElement()
}

# One <command:parameter>. In syntax, a switch has no value element, which is what makes Get-Help
# print '[-PassThru]' instead of '[-PassThru <SwitchParameter>]'.
function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Writer, $View, [string[]] $Paragraphs, [string] $DefaultValue, [switch] $ForSyntax)

    $Writer.WriteStartElement('command', 'parameter', $script:CommandNs)
    $Writer.WriteAttributeString('required', $View.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $View.Type.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $View.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Format-PipelineInput $View.ByValue $View.ByPropertyName))
    $Writer.WriteAttributeString('position', (Format-Position $View.Position))
    $Writer.WriteAttributeString('aliases', $(if ($View.Aliases.Count) { $View.Aliases -join ', ' } else { 'none' }))
    Write-Element $Writer 'maml' 'name' $View.Name
    Write-Description $Writer $Paragraphs
    if (-not ($ForSyntax -and $View.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
        $Writer.WriteAttributeString('required', (-not $View.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', $View.Type.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString((Get-ShortTypeName -Type $View.Type))
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:DevNs)
    Write-Element $Writer 'maml' 'name' $View.Type.FullName
    Write-Element $Writer 'maml' 'uri' ''
    $Writer.WriteEndElement()
    Write-Element $Writer 'dev' 'defaultValue' $DefaultValue
    $Writer.WriteEndElement()
}

# The description of a parameter: the markdown's, or the standard one for WhatIf/Confirm.
function Get-ParameterParagraph {
    param($Doc, [string] $Name)
    if ($Doc.Parameters.Contains($Name) -and $Doc.Parameters[$Name].Paragraphs.Count) { return $Doc.Parameters[$Name].Paragraphs }
    if ($script:StandardDescriptions.ContainsKey($Name)) { return @($script:StandardDescriptions[$Name]) }
    return
}

function Get-ParameterDefault {
    param($Doc, $View)
    if ($Doc.Parameters.Contains($View.Name) -and $Doc.Parameters[$View.Name].DefaultValue) { return $Doc.Parameters[$View.Name].DefaultValue }
    if ($View.IsSwitch) { return 'False' }
    return 'None'
}

function Write-MamlSyntax {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Command, $Doc)
    $Writer.WriteStartElement('command', 'syntax', $script:CommandNs)
    foreach ($set in (Get-SyntaxSet -Command $Command)) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNs)
        Write-Element $Writer 'maml' 'name' $Command.Name
        foreach ($view in $set.Parameters) {
            Write-MamlParameter $Writer $view (Get-ParameterParagraph $Doc $view.Name) (Get-ParameterDefault $Doc $view) -ForSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# The PARAMETERS section lists parameters in the markdown's order (the author's choice of what
# matters first), then any the markdown leaves to the standard text (WhatIf, Confirm).
function Write-MamlParameterList {
    param([System.Xml.XmlWriter] $Writer, $Parameters, $Doc)
    $names = @($Doc.Parameters.Keys | Where-Object { $Parameters.Contains($_) }) + @($Parameters.Keys | Where-Object { -not $Doc.Parameters.Contains($_) })
    $Writer.WriteStartElement('command', 'parameters', $script:CommandNs)
    foreach ($name in $names) {
        $view = $Parameters[$name]
        Write-MamlParameter $Writer $view (Get-ParameterParagraph $Doc $name) (Get-ParameterDefault $Doc $view)
    }
    $Writer.WriteEndElement()
}

# INPUTS (command:inputTypes) or OUTPUTS (command:returnValues): a type name and what it means.
function Write-MamlTypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Entries)
    $Writer.WriteStartElement('command', $ListName, $script:CommandNs)
    foreach ($entry in $Entries) {
        $Writer.WriteStartElement('command', $ItemName, $script:CommandNs)
        $Writer.WriteStartElement('dev', 'type', $script:DevNs)
        Write-Element $Writer 'maml' 'name' $entry.Name
        $Writer.WriteEndElement()
        Write-Description $Writer $entry.Paragraphs
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# The markdown's OUTPUTS plus any [OutputType] it forgot, so the section cannot silently miss a
# type the cmdlet declares. A markdown entry may use the full or the short type name.
function Get-OutputEntry {
    param([System.Management.Automation.CommandInfo] $Command, $Doc)
    $entries = [System.Collections.Generic.List[object]]::new()
    foreach ($e in $Doc.Outputs) { $entries.Add($e) }
    foreach ($t in $Command.OutputType) {
        $documented = $Doc.Outputs | Where-Object { $_.Name -eq $t.Name -or $_.Name -eq ($t.Name -split '\.')[-1] }
        if (-not $documented) { $entries.Add([pscustomobject]@{ Name = $t.Name; Paragraphs = @() }) }
    }
    return $entries.ToArray()
}

function Write-MamlExample {
    param([System.Xml.XmlWriter] $Writer, $Examples)
    $Writer.WriteStartElement('command', 'examples', $script:CommandNs)
    foreach ($example in $Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNs)
        Write-Element $Writer 'maml' 'title' ('---------- {0} ----------' -f $example.Title)
        Write-Element $Writer 'dev' 'code' $example.Code
        $Writer.WriteStartElement('dev', 'remarks', $script:DevNs)
        # The trailing empty paragraph is the blank line Get-Help otherwise leaves out before the
        # next example's title.
        Write-Para $Writer (@($example.Remarks) + '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# The markdown's RELATED LINKS after an 'Online Version:' link to the cmdlet's HelpUri (set in its
# [Cmdlet] attribute from the manifest's ProjectUri), as platyPS puts the front matter's 'online
# version' first: Get-Help -Online opens the first link with an address.
function Get-CommandLink {
    param([System.Management.Automation.CommandInfo] $Command, $Doc)
    $links = @($Doc.Links)
    if ($Command.HelpUri) { $links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $Command.HelpUri }) + $links }
    return $links
}

function Write-MamlLink {
    param([System.Xml.XmlWriter] $Writer, $Links)
    $Writer.WriteStartElement('maml', 'relatedLinks', $script:MamlNs)
    foreach ($link in $Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNs)
        Write-Element $Writer 'maml' 'linkText' $link.Text
        Write-Element $Writer 'maml' 'uri' $link.Uri
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

# One <command:command>, in the element order platyPS writes and Get-Help reads.
function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Command, $Doc, $Parameters)

    $Writer.WriteStartElement('command', 'command', $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNs)

    $Writer.WriteStartElement('command', 'details', $script:CommandNs)
    Write-Element $Writer 'command' 'name' $Command.Name
    Write-Element $Writer 'command' 'verb' $Command.Verb
    Write-Element $Writer 'command' 'noun' $Command.Noun
    Write-Description $Writer $Doc.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Doc.Description
    Write-MamlSyntax $Writer $Command $Doc
    Write-MamlParameterList $Writer $Parameters $Doc
    Write-MamlTypeList $Writer 'inputTypes' 'inputType' $Doc.Inputs
    Write-MamlTypeList $Writer 'returnValues' 'returnValue' (Get-OutputEntry -Command $Command -Doc $Doc)
    if ($Doc.Notes.Count) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNs)
        $Writer.WriteStartElement('maml', 'alert', $script:MamlNs)
        Write-Para $Writer $Doc.Notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    Write-MamlExample $Writer $Doc.Examples
    Write-MamlLink $Writer (Get-CommandLink -Command $Command -Doc $Doc)
    $Writer.WriteEndElement()
}

# Writes one MAML file for a set of commands. XmlWriter does all escaping; the file is read back
# afterwards so a malformed result fails the build instead of Get-Help at a user's prompt.
function Write-MamlFile {
    param([string] $Path, $Entries)

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $settings.NewLineChars = "`n"
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $script:MshNs)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($entry in $Entries) { Write-MamlCommand $writer $entry.Command $entry.Doc $entry.Parameters }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
    [System.Xml.XmlDocument]::new().Load($Path)
}

#endregion

#region about_ topics

# Renders an about_*.md as the plain text Get-Help prints verbatim: section headings in capitals
# at the margin, text indented by 4 and wrapped at 80 columns like PowerShell's own about files.
function ConvertTo-AboutText {
    param([string[]] $Lines, [string] $Name)

    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $Name")
    $top = @(Split-MarkdownSection -Lines $Lines -Level 1)
    $body = if ($top.Count) { $top[0].Lines.ToArray() } else { $Lines }
    foreach ($section in (Split-MarkdownSection -Lines $body -Level 2)) {
        $out.Add('')
        $out.Add($section.Title.ToUpperInvariant())
        foreach ($chunk in (Split-MarkdownSection -Lines $section.Lines.ToArray() -Level 3 -IncludePreamble)) {
            if ($chunk.Title) { $out.Add(''); $out.Add('  ' + (ConvertFrom-MarkdownInline -Text $chunk.Title)) }
            $first = $true
            $previousWasItem = $false
            foreach ($paragraph in (ConvertTo-HelpParagraph -Lines $chunk.Lines.ToArray())) {
                if (-not $paragraph.Trim()) { continue }
                # Items of one list stay together; everything else is separated by a blank line.
                $isItem = Test-ListItem -Paragraph $paragraph
                if (-not ($first -and -not $chunk.Title) -and -not ($isItem -and $previousWasItem)) { $out.Add('') }
                $first = $false
                $previousWasItem = $isItem
                foreach ($l in (Format-AboutParagraph -Paragraph $paragraph)) { $out.Add($l) }
            }
        }
    }
    return $out.ToArray()
}

# List items come out of ConvertTo-HelpParagraph as one paragraph each, starting with their marker.
function Test-ListItem {
    param([string] $Paragraph)
    return $Paragraph -match '^(-|\d+\.) '
}

# Indents and wraps one paragraph. Multi-line paragraphs (code, tables) are pre-formatted and
# keep their lines; list items hang their continuation lines under the text.
function Format-AboutParagraph {
    param([string] $Paragraph)
    # Preformatted paragraphs (code, tables) are the multi-line ones or start with indentation.
    if ($Paragraph.Contains("`n") -or $Paragraph.StartsWith(' ')) { return @($Paragraph -split "`n" | ForEach-Object { ('    ' + $_).TrimEnd() }) }
    if (Test-ListItem -Paragraph $Paragraph) {
        $marker = ($Paragraph -split ' ', 2)[0] + ' '
        $hang = ' ' * $marker.Length
        $wrapped = @(Split-TextToWidth -Text $Paragraph.Substring($marker.Length) -Width (76 - $marker.Length))
        $result = @('    ' + $marker + $wrapped[0])
        for ($i = 1; $i -lt $wrapped.Count; $i++) { $result += '    ' + $hang + $wrapped[$i] }
        return $result
    }
    return @(Split-TextToWidth -Text $Paragraph -Width 76 | ForEach-Object { '    ' + $_ })
}

# about files get a BOM: Windows PowerShell reads a file without one in the ANSI code page.
function Write-AboutFile {
    param([string] $MarkdownFile, [string] $OutputDirectory)
    $name = [System.IO.Path]::GetFileNameWithoutExtension($MarkdownFile)
    $lines = @(Get-Content -LiteralPath $MarkdownFile -Encoding UTF8)
    $text = (ConvertTo-AboutText -Lines $lines -Name $name) -join [Environment]::NewLine
    $target = Join-Path $OutputDirectory "$name.help.txt"
    [System.IO.File]::WriteAllText($target, $text + [Environment]::NewLine, [System.Text.UTF8Encoding]::new($true))
    return Get-Item -LiteralPath $target
}

#endregion

#region Main

# Pairs each exported cmdlet with its markdown, collecting every problem before failing, so one
# build run lists all the gaps instead of one per run.
function Get-HelpEntry {
    param([System.Management.Automation.PSModuleInfo] $Module, [string] $MarkdownDirectory)

    $problems = [System.Collections.Generic.List[string]]::new()
    $entries = foreach ($command in ($Module.ExportedCmdlets.Values | Sort-Object Name)) {
        $file = Join-Path $MarkdownDirectory "$($command.Name).md"
        if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
            $problems.Add("$($command.Name) has no help markdown: expected $file")
            continue
        }
        $doc = Read-CommandMarkdown -Path $file
        $parameters = Get-MergedParameter -Command $command
        foreach ($p in @(Test-CommandDoc -Command $command -Doc $doc -Parameters $parameters)) { $problems.Add($p) }
        [pscustomobject]@{ Command = $command; Doc = $doc; Parameters = $parameters }
    }
    foreach ($file in (Get-ChildItem -LiteralPath $MarkdownDirectory -Filter '*.md' -File)) {
        if ($file.BaseName -notlike 'about_*' -and -not $Module.ExportedCmdlets.ContainsKey($file.BaseName)) {
            Write-Warning "$($file.Name) documents no exported cmdlet of $($Module.Name); it is not used."
        }
    }
    if ($problems.Count) {
        # One plain line per problem on stderr first: PowerShell's error view re-wraps a long
        # multi-line message into something hard to read in a build log.
        foreach ($p in $problems) { [Console]::Error.WriteLine("help: $p") }
        throw ("Help for module '$($Module.Name)' is incomplete ($($problems.Count) problem(s)):`n  " + ($problems -join "`n  "))
    }
    return @($entries)
}

$markdownDirectory = (Resolve-Path -LiteralPath $MarkdownPath).ProviderPath
# Resolved first: Import-Module reads a relative path without './' as a module name.
$manifest = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)
if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) { throw "Module manifest '$ModulePath' not found (resolved to '$manifest')." }
$module = Import-Module -Name $manifest -Force -PassThru -ErrorAction Stop -Verbose:$false | Select-Object -First 1
if ($module.ExportedCmdlets.Count -eq 0) {
    throw "Module '$($module.Name)' from '$ModulePath' exports no cmdlets: is this the built module?"
}
Write-Verbose "Module $($module.Name) $($module.Version): $($module.ExportedCmdlets.Keys -join ', ')"

$entries = @(Get-HelpEntry -Module $module -MarkdownDirectory $markdownDirectory)

$outputDirectory = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)
$null = New-Item -ItemType Directory -Path $outputDirectory -Force

# Each cmdlet names the help file Get-Help will look for (the assembly's file name + '-Help.xml').
foreach ($group in ($entries | Group-Object { $_.Command.HelpFile })) {
    if (-not $group.Name) { throw "Cmdlets $($group.Group.Command.Name -join ', ') report no help file name." }
    $target = Join-Path $outputDirectory $group.Name
    Write-MamlFile -Path $target -Entries $group.Group
    Write-Verbose "Wrote $target ($($group.Count) cmdlet(s))"
    Get-Item -LiteralPath $target
}

foreach ($about in (Get-ChildItem -LiteralPath $markdownDirectory -Filter 'about_*.md' -File)) {
    Write-AboutFile -MarkdownFile $about.FullName -OutputDirectory $outputDirectory
    Write-Verbose "Wrote about topic $($about.BaseName)"
}

#endregion
