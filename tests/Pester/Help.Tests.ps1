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
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
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

# Get-Help -Online: each cmdlet's HelpUri (its [Cmdlet] attribute, built from the manifest's ProjectUri)
# is the address of its markdown page in the repository, and the help's first related link.
Describe 'Online help of <Name>' -ForEach $cmdletCases {
    It 'has a HelpUri to docs/help/<Name>.md in the project''s repository, also the first related link' {
        $uri = (Get-Command -Name $Name -Module $module.Name).HelpUri
        $uri | Should -Be "$($module.ProjectUri)/blob/main/docs/help/$Name.md"
        Test-Path (Join-Path $PSScriptRoot "../../docs/help/$Name.md") | Should -BeTrue -Because 'the page it names exists'
        @((Get-Help -Name $Name -Full).relatedLinks.navigationLink)[0].uri | Should -Be $uri
    }
}

Describe 'Get-Help -Online' {
    It 'opens each cmdlet''s page: the browser launcher (xdg-open, recorded) gets its HelpUri' -Skip:(-not $IsLinux) {
        # No browser here: a fake xdg-open first on PATH (what .NET runs for a URL on Linux) records its argument.
        $bin = New-Item -ItemType Directory (Join-Path $TestDrive 'online-bin')
        $record = Join-Path $TestDrive 'opened.txt'
        Set-Content -Path (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`nprintf '%s\n' ""`$1"" >> '$record'`n"
        chmod +x (Join-Path $bin 'xdg-open')
        $names = @($module.ExportedCmdlets.Keys | Sort-Object)
        $script = "Import-Module EcsDiscoverer; foreach (`$n in '$($names -join "','")') { try { Get-Help `$n -Online -ErrorAction Stop; ""OPENED `$n"" } catch { ""FAILED `$n `$(`$_.FullyQualifiedErrorId)"" } }"
        $result = Invoke-ChildPwsh $script -Environment @{ PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH" }
        $result.Output | Should -Not -Match 'FAILED' -Because $result.Output
        Wait-Until { (Test-Path $record) -and @(Get-Content $record).Count -ge $names.Count } -Seconds 15
        $expected = $names | ForEach-Object { (Get-Command $_).HelpUri }
        @(Get-Content $record | Sort-Object) | Should -Be @($expected | Sort-Object)
    }
}

# Updatable help as a gallery user gets it: Update-Help from a folder (offline), Save-Help from HelpInfoURI
# (here a local HTTP server on 127.0.0.1 standing in for the release's assets). Each runs in a child pwsh as a
# user of its own (HOME under TestDrive) with the module installed for that user, so it can write.
Describe 'Updatable help' {
    BeforeAll {
        $script:HelpSource = $env:ECSD_HELP_PATH
        if (-not $HelpSource -or -not (Test-Path $HelpSource)) { throw 'ECSD_HELP_PATH must name the updatable help build.ps1 writes (out/help).' }
        $script:Prefix = "EcsDiscoverer_$($module.Guid)"
    }

    It 'the build wrote EcsDiscoverer_{GUID}_HelpInfo.xml and the en-US help archive with the MAML and about topic at its root' {
        $info = [xml](Get-Content -Raw (Join-Path $HelpSource "${Prefix}_HelpInfo.xml"))
        $info.HelpInfo.HelpContentURI | Should -Be $module.HelpInfoUri
        $info.HelpInfo.SupportedUICultures.UICulture.UICultureName | Should -Be 'en-US'
        [version]$info.HelpInfo.SupportedUICultures.UICulture.UICultureVersion | Should -Be ([version]"$($module.Version).0")
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead((Join-Path $HelpSource "${Prefix}_en-US_HelpContent.zip"))
        try { @($zip.Entries.FullName | Sort-Object) | Should -Be @('about_EcsDiscoverer.help.txt', 'EcsDiscoverer.dll-Help.xml') } finally { $zip.Dispose() }
    }

    Context 'for a module installed without its help' {
        BeforeAll {
            $script:User = New-ChildUserEnvironment (Join-Path $TestDrive 'help-user')
            $installed = New-Item -ItemType Directory -Force (Join-Path $User.HOME '.local/share/powershell/Modules')
            Copy-Item (Join-Path $env:ECSD_MODULE_ROOT 'EcsDiscoverer') $installed -Recurse
            $base = Join-Path $installed "EcsDiscoverer/$($module.Version)"
            Remove-Item (Join-Path $base 'en-US') -Recurse -Force
            # The local server stands in for the release: the copy's HelpInfoURI, and the HelpContentURI of the
            # HelpInfo.xml it serves (where Save-Help then fetches the archive), name it instead.
            $served = New-Item -ItemType Directory (Join-Path $TestDrive 'served-help')
            $script:Server = Start-TestFileServer -Root $served
            Copy-Item (Join-Path $HelpSource "${Prefix}_en-US_HelpContent.zip") $served
            $info = [xml](Get-Content -Raw (Join-Path $HelpSource "${Prefix}_HelpInfo.xml"))
            $info.HelpInfo.HelpContentURI = $Server.Uri
            $info.Save((Join-Path $served "${Prefix}_HelpInfo.xml"))
            $manifest = Join-Path $base 'EcsDiscoverer.psd1'
            (Get-Content -Raw $manifest) -replace "(?m)^(\s*HelpInfoURI\s*=\s*)'[^']*'", "`$1'$($Server.Uri)'" | Set-Content $manifest
        }

        AfterAll {
            Stop-TestFileServer $script:Server
        }

        It 'Update-Help -Module EcsDiscoverer -SourcePath installs it, offline' {
            $before = Invoke-ChildPwsh "(Get-Help Get-EcsPrometheusTarget).Synopsis" -Environment $User
            $before.Output | Should -Not -Match 'Finds the containers' -Because 'the installed copy has no help yet'
            $update = Invoke-ChildPwsh "`$ErrorActionPreference = 'Stop'; Update-Help -Module EcsDiscoverer -SourcePath '$HelpSource' -UICulture en-US -Force -Verbose 4>&1; 'UPDATED'" -Environment $User
            Write-Host ($update.Output.Trim() -replace '(?m)^', '      ')
            $update.ExitCode | Should -Be 0 -Because $update.Output
            $update.Output | Should -Match 'UPDATED'
            $after = Invoke-ChildPwsh "(Get-Help Get-EcsPrometheusTarget).Synopsis" -Environment $User
            $after.Output | Should -Match 'Finds the containers on Amazon ECS' -Because $after.Output
            # -Scope CurrentUser (the default) installs into the user's help folder. PowerShell finds cmdlet help
            # there but not a module's about topics (PowerShell/PowerShell#18397, #21187), so that the topic
            # arrived is checked as a file.
            $installed = Join-Path $User.HOME ".local/share/powershell/Help/EcsDiscoverer/$($module.Version)"
            Test-Path (Join-Path $installed 'en-US/about_EcsDiscoverer.help.txt') | Should -BeTrue
            Test-Path (Join-Path $installed "${Prefix}_HelpInfo.xml") | Should -BeTrue -Because 'Update-Help records what it installed'
        }

        It 'Save-Help -Module EcsDiscoverer fetches HelpInfo.xml and the archive from HelpInfoURI' {
            $destination = New-Item -ItemType Directory (Join-Path $TestDrive 'saved-help')
            $save = Invoke-ChildPwsh "`$ErrorActionPreference = 'Stop'; Save-Help -Module EcsDiscoverer -DestinationPath '$destination' -UICulture en-US -Force; 'SAVED'" -Environment $User
            $save.ExitCode | Should -Be 0 -Because $save.Output
            $save.Output | Should -Match 'SAVED'
            Test-Path (Join-Path $destination "${Prefix}_HelpInfo.xml") | Should -BeTrue
            Test-Path (Join-Path $destination "${Prefix}_en-US_HelpContent.zip") | Should -BeTrue
            $requests = Get-Content $Server.Log
            $requests | Should -Contain "GET /${Prefix}_HelpInfo.xml 200"
            $requests | Should -Contain "GET /${Prefix}_en-US_HelpContent.zip 200"
        }
    }
}
