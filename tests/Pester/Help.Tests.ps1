# Help quality of every exported cmdlet, checked the way users see it: Get-Help against the module
# as installed (the harness installs it and puts it on PSModulePath). The MAML is generated from
# docs/help/*.md by build/New-EcsDiscovererHelp.ps1; these tests catch a build that shipped
# without it, or with gaps (PowerShell invents a synopsis from the syntax when help is missing).
#
# $env:ECSD_MODULE_NAME names the module to import (a name on PSModulePath or a manifest path);
# default: EcsDiscoverer.

BeforeDiscovery {
    $moduleName = if ($env:ECSD_MODULE_NAME) { $env:ECSD_MODULE_NAME } else { 'EcsDiscoverer' }
    $module = Import-Module -Name $moduleName -Force -PassThru -ErrorAction Stop | Select-Object -First 1

    # Common parameters are documented once by PowerShell itself; WhatIf and Confirm are not
    # among them and must be described like the cmdlet's own parameters.
    $notOwn = @([System.Management.Automation.Cmdlet]::CommonParameters) + 'UseTransaction'

    $cmdletCases = foreach ($name in ($module.ExportedCmdlets.Keys | Sort-Object)) {
        $parameters = (Get-Command -Name $name -Module $module.Name).Parameters.Keys | Where-Object { $notOwn -notcontains $_ }
        @{
            Name           = $name
            ParameterCases = @(foreach ($parameter in $parameters) { @{ Name = $name; Parameter = $parameter } })
        }
    }
}

BeforeAll {
    $moduleName = if ($env:ECSD_MODULE_NAME) { $env:ECSD_MODULE_NAME } else { 'EcsDiscoverer' }
    $script:module = Import-Module -Name $moduleName -Force -PassThru -ErrorAction Stop | Select-Object -First 1

    # The text of a MAML description (an array of paragraph objects with a Text property).
    function Get-HelpText {
        param($Description)
        return (@($Description) | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n"
    }
}

Describe 'Help of the module' {
    It 'exports cmdlets to check' {
        # Without this, a module that exports nothing would pass every test below by having none.
        $module.ExportedCmdlets.Count | Should -BeGreaterThan 0
    }

    It 'has the about_EcsDiscoverer topic, explaining PROMETHEUS_ENDPOINT' {
        $text = Get-Help -Name about_EcsDiscoverer -ErrorAction Stop | Out-String
        $text | Should -Match 'PROMETHEUS_ENDPOINT'
    }
}

Describe 'Help of <Name>' -ForEach $cmdletCases {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
    }

    It 'has a synopsis that is not the generated syntax' {
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without help, PowerShell uses the syntax line as the synopsis: the command name, its
        # parameters, and [<CommonParameters>].
        $synopsis | Should -Not -Match ([regex]::Escape('[<CommonParameters>]'))
        $synopsis | Should -Not -Match ('^' + [regex]::Escape($Name) + '(\s|$)')
    }

    It 'has a description' {
        (Get-HelpText $help.description).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        $examples = @($help.examples.example | Where-Object { "$($_.code)".Trim() })
        $examples.Count | Should -BeGreaterThan 0
    }

    It 'documents -<Parameter>' -ForEach $ParameterCases {
        $entry = @($help.parameters.parameter | Where-Object { $_.name -eq $Parameter })
        $entry.Count | Should -Be 1 -Because "-$Parameter of $Name needs one entry in the help"
        (Get-HelpText $entry[0].description).Trim() | Should -Not -BeNullOrEmpty -Because "-$Parameter of $Name needs a description"
    }

    It 'documents no parameter the cmdlet does not have' {
        $actual = @((Get-Command -Name $Name -Module $module.Name).Parameters.Keys)
        $documented = @($help.parameters.parameter | ForEach-Object { $_.name } | Where-Object { $_ })
        $documented | Where-Object { $actual -notcontains $_ } | Should -BeNullOrEmpty
    }
}
