# The module as users get it: installed from a PSResource folder repository, its manifest and
# cmdlet metadata, its import time, and its isolation from another module's AWS SDK.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Module = Import-Module EcsDiscoverer -Force -PassThru
    $script:Cmdlets = @($Module.ExportedCmdlets.Values)
}

Describe 'Installation from a PSResource repository' {
    It 'is imported from the temporary module path it was installed into, not the build folder' {
        $Module.ModuleBase | Should -BeLike "$($env:ECSD_MODULE_ROOT)*"
        $Module.Version | Should -Be ([version](Import-PowerShellDataFile (Join-Path $Module.ModuleBase 'EcsDiscoverer.psd1')).ModuleVersion)
    }

    # Both ways a user installs from a gallery, each as a user of its own (HOME under TestDrive): register the
    # folder repository, install for the current user, then import by name in a fresh process.
    It '<Way> installs it for the current user, and a fresh process imports it by name' -ForEach @(
        @{ Way = 'Install-PSResource (PSResourceGet)'
            Install = "Register-PSResourceRepository -Name EcsdLocal -Uri '__REPO__' -Trusted; Install-PSResource -Name EcsDiscoverer -Repository EcsdLocal -Scope CurrentUser -TrustRepository -Quiet" }
        @{ Way = 'Install-Module (PowerShellGet 2)'
            Install = "Import-Module PowerShellGet -MaximumVersion 2.99; 'POWERSHELLGET=' + (Get-Module PowerShellGet).Version; Register-PSRepository -Name EcsdLocal -SourceLocation '__REPO__' -InstallationPolicy Trusted; Install-Module -Name EcsDiscoverer -Repository EcsdLocal -Scope CurrentUser" }
    ) {
        $user = New-ChildUserEnvironment (Join-Path $TestDrive ($Way -replace '\W', ''))
        $install = Invoke-ChildPwsh ("`$ErrorActionPreference = 'Stop'; " + $Install.Replace('__REPO__', $env:ECSD_REPOSITORY_PATH) + "; 'INSTALLED'") -Environment $user
        $install.ExitCode | Should -Be 0 -Because $install.Output
        $install.Output | Should -Match 'INSTALLED'
        $import = Invoke-ChildPwsh ("`$ErrorActionPreference = 'Stop'; `$m = Import-Module EcsDiscoverer -PassThru; 'BASE=' + `$m.ModuleBase; " +
            "'CMDLETS=' + `$m.ExportedCmdlets.Count; 'SYNOPSIS=' + (Get-Help Get-EcsPrometheusTarget).Synopsis") -Environment $user
        $import.ExitCode | Should -Be 0 -Because $import.Output
        $import.Output | Should -Match ('BASE=' + [regex]::Escape((Join-Path $user.HOME '.local/share/powershell/Modules/EcsDiscoverer')))
        $import.Output | Should -Match 'CMDLETS=5'
        $import.Output | Should -Match 'SYNOPSIS=Finds the containers'
    }

    It 'has the module layout: cmdlet assembly at the root, engine and AWS SDK under Dependencies/, MAML help' {
        $base = $Module.ModuleBase
        foreach ($file in 'EcsDiscoverer.dll', 'EcsDiscoverer.psd1', 'EcsDiscoverer.format.ps1xml', 'en-US/EcsDiscoverer.dll-Help.xml',
            'en-US/about_EcsDiscoverer.help.txt', 'Dependencies/EcsDiscoverer.Engine.dll', 'Dependencies/AWSSDK.Core.dll',
            'Dependencies/AWSSDK.EC2.dll', 'Dependencies/AWSSDK.SecurityToken.dll', 'Dependencies/AWSSDK.SSO.dll', 'Dependencies/AWSSDK.SSOOIDC.dll') {
            Test-Path (Join-Path $base $file) | Should -BeTrue -Because "$file belongs in the module"
        }
        Test-Path (Join-Path $base 'AWSSDK.Core.dll') | Should -BeFalse
    }
}

Describe 'Manifest and cmdlet metadata' {
    BeforeAll {
        $script:Manifest = Import-PowerShellDataFile (Join-Path $Module.ModuleBase 'EcsDiscoverer.psd1')
    }

    It 'exports its cmdlets explicitly and no functions, variables or aliases' {
        $Manifest.CmdletsToExport | Should -Be @('Get-EcsPrometheusTarget', 'Export-EcsFileSd', 'Start-EcsDiscoveryLoop', 'Get-EcsDiscoveryStatistic', 'Clear-EcsDiscoveryCache')
        $Manifest.FunctionsToExport.Count | Should -Be 0
        $Manifest.VariablesToExport.Count | Should -Be 0
        $Manifest.AliasesToExport.Count | Should -Be 0
        ($Cmdlets.Name | Sort-Object) | Should -Be @('Clear-EcsDiscoveryCache', 'Export-EcsFileSd', 'Get-EcsDiscoveryStatistic', 'Get-EcsPrometheusTarget', 'Start-EcsDiscoveryLoop')
    }

    It 'passes Test-ModuleManifest' {
        (Test-ModuleManifest -Path (Join-Path $Module.ModuleBase 'EcsDiscoverer.psd1') -ErrorAction Stop).Name | Should -Be 'EcsDiscoverer'
    }

    It 'says what is tested: PowerShell 7.4 or later, the Core edition only' {
        $Manifest.CompatiblePSEditions | Should -Be @('Core')
        [version]$Manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $Manifest.ContainsKey('DotNetFrameworkVersion') | Should -BeFalse
    }

    It 'has the gallery''s links, all to the project''s own repository, and release notes' {
        $project = $Module.ProjectUri.AbsoluteUri.TrimEnd('/')
        $project | Should -Match '^https://github\.com/[^/]+/[^/]+$'
        $Module.LicenseUri.AbsoluteUri | Should -Be "$project/blob/main/LICENSE"
        $Module.IconUri.AbsoluteUri | Should -Be "https://raw.githubusercontent.com$(([uri]$project).AbsolutePath)/main/docs/icon.png"
        $Module.HelpInfoUri | Should -Be "$project/releases/latest/download/"
        # The files they name: the license ships in the module; the icon is in the repository.
        Test-Path (Join-Path $Module.ModuleBase 'LICENSE') | Should -BeTrue
        Test-Path (Join-Path $PSScriptRoot '../../docs/icon.png') | Should -BeTrue
        $Module.ReleaseNotes | Should -Match '0\.2\.0'
    }

    It 'lists nothing from Dependencies/ in RequiredAssemblies or NestedModules' {
        $Manifest.ContainsKey('RequiredAssemblies') | Should -BeFalse
        $Manifest.ContainsKey('NestedModules') | Should -BeFalse
    }

    It '<Name> uses an approved verb' -ForEach @(
        @{ Name = 'Get-EcsPrometheusTarget' }, @{ Name = 'Export-EcsFileSd' }, @{ Name = 'Start-EcsDiscoveryLoop' },
        @{ Name = 'Get-EcsDiscoveryStatistic' }, @{ Name = 'Clear-EcsDiscoveryCache' }
    ) {
        (Get-Verb).Verb | Should -Contain (Get-Command $Name).Verb
    }

    It '<Name> declares its output type' -ForEach @(
        @{ Name = 'Get-EcsPrometheusTarget'; Type = 'EcsDiscoverer.EcsPrometheusTarget' }, @{ Name = 'Export-EcsFileSd'; Type = 'System.IO.FileInfo' },
        @{ Name = 'Get-EcsDiscoveryStatistic'; Type = 'EcsDiscoverer.EcsDiscoveryStatistic' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Contain $Type
    }

    It 'Export-EcsFileSd supports -WhatIf and -Confirm' {
        (Get-Command Export-EcsFileSd).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command Export-EcsFileSd).Parameters.Keys | Should -Contain 'Confirm'
    }

    It '<Name> has the AWS Tools parameter names and aliases' -ForEach @(
        @{ Name = 'Get-EcsPrometheusTarget' }, @{ Name = 'Export-EcsFileSd' }
    ) {
        $parameters = (Get-Command $Name).Parameters
        $parameters['Region'].Aliases | Should -Contain 'RegionToCall'
        $parameters['ProfileName'].Aliases | Should -Contain 'StoredCredentials'
        $parameters['ProfileName'].Aliases | Should -Contain 'AWSProfileName'
        $parameters['Cluster'].Aliases | Should -Contain 'Clusters'
        foreach ($p in 'ProfileLocation', 'AccessKey', 'SecretKey', 'SessionToken', 'EndpointUrl') { $parameters.Keys | Should -Contain $p }
    }

    It 'no output type has a property named Address, Length, Count or Rank' {
        foreach ($type in [EcsDiscoverer.EcsPrometheusTarget], [EcsDiscoverer.EcsSkippedContainer]) {
            $type.GetProperties().Name | Should -Not -BeIn @('Address', 'Length', 'Count', 'Rank')
        }
    }
}

Describe 'Import-Module -Force' {
    It 'works again after the module was removed and imported again, before and after first use' {
        $emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
        try {
            $script = "Import-Module EcsDiscoverer; Import-Module EcsDiscoverer -Force; `$a = @(Get-EcsPrometheusTarget -EndpointUrl '$($emulator.Endpoint)' -Cluster demo-fargate); " +
                "Remove-Module EcsDiscoverer; Import-Module EcsDiscoverer; `$b = @(Get-EcsPrometheusTarget -EndpointUrl '$($emulator.Endpoint)' -Cluster demo-fargate); 'COUNTS=' + `$a.Count + ',' + `$b.Count"
            $result = Invoke-ChildPwsh $script
            $result.Output | Should -Match 'COUNTS=1,1'
        } finally {
            Stop-TestEmulator $emulator
        }
    }
}

Describe 'Import time' {
    It 'imports in a fresh process in well under 5 seconds' {
        $result = Invoke-ChildPwsh '(Measure-Command { Import-Module EcsDiscoverer }).TotalMilliseconds'
        $ms = [double]($result.Output.Trim() -split "`n")[-1]
        Write-Host "    Import-Module EcsDiscoverer in a fresh pwsh: $([math]::Round($ms)) ms"
        $ms | Should -BeLessThan 5000
    }
}

Describe 'Isolation from another module that loads a different AWSSDK.Core' {
    BeforeAll {
        # An AWSSDK.Core with the same assembly version (4.0.0.0) but an older build, as AWS.Tools would
        # load it into the default load context. It lacks SigV4SigningHandler, which our engine needs.
        # build.ps1 restores it from the NuGet registry (AWSSDK.Core 4.0.3.3).
        $foreign = $env:ECSD_FOREIGN_AWSSDK_CORE
        if (-not $foreign -or -not (Test-Path $foreign)) { throw 'ECSD_FOREIGN_AWSSDK_CORE must name an AWSSDK.Core.dll (build.ps1 test sets it).' }
        $fake = Join-Path $TestDrive 'FakeAwsTools'
        New-Item -ItemType Directory $fake | Out-Null
        Copy-Item $foreign $fake
        Set-Content (Join-Path $fake 'FakeAwsTools.psm1') 'Add-Type -Path (Join-Path $PSScriptRoot "AWSSDK.Core.dll"); function Get-FakeAwsRegion { [Amazon.RegionEndpoint]::USEast1.SystemName }'
        $script:FakeModule = Join-Path $fake 'FakeAwsTools.psm1'
        $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
        $script:Probe = @'
$ErrorActionPreference = 'Stop'
$targets = @(Get-EcsPrometheusTarget -EndpointUrl '__EMULATOR_URL__' -Cluster demo-fargate)
"TARGETS=$($targets.Count)"
"FAKE=$(Get-FakeAwsRegion)"
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } |
    ForEach-Object { "CORE=$([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name)|$($_.Location)" }
'@ -creplace '__EMULATOR_URL__', $Emulator.Endpoint
    }

    AfterAll {
        Stop-TestEmulator $script:Emulator
    }

    It 'works when the other module was imported first' {
        $result = Invoke-ChildPwsh "Import-Module '$FakeModule'; Import-Module EcsDiscoverer; $Probe"
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'TARGETS=1'
        $result.Output | Should -Match 'FAKE=us-east-1'
        @([regex]::Matches($result.Output, 'CORE=')).Count | Should -Be 2
        $result.Output | Should -Match 'CORE=[^|\r\n]*\|[^\r\n]*Dependencies[/\\]AWSSDK\.Core\.dll'
    }

    It '-Credential takes a credentials object of the other SDK (as AWS.Tools'' New-AWSCredential gives), read by its members' {
        # A random secret per run, so that its showing anywhere in the merged streams is no accident.
        $secret = [guid]::NewGuid().ToString('N') + [guid]::NewGuid().ToString('N')
        $script = @'
Import-Module '__FAKE__'
Import-Module EcsDiscoverer
$credential = [Amazon.Runtime.SessionAWSCredentials]::new('AKIAFOREIGNSDK', '__SECRET__', 'token-__SECRET__')
"TYPE=$([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($credential.GetType().Assembly).Name)"
$records = Get-EcsPrometheusTarget -EndpointUrl '__EMULATOR_URL__' -Cluster demo-fargate -Credential $credential -Verbose *>&1
"TARGETS=$(@($records | Where-Object { $_ -is [EcsDiscoverer.EcsPrometheusTarget] }).Count)"
$records | ForEach-Object { "$_" }
'@
        $script = $script.Replace('__FAKE__', $FakeModule).Replace('__SECRET__', $secret).Replace('__EMULATOR_URL__', $Emulator.Endpoint)
        $result = Invoke-ChildPwsh $script
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'TYPE=Default'
        $result.Output | Should -Match 'TARGETS=1'
        $result.Output | Should -Match 'Credentials from the -Credential parameter \(SessionAWSCredentials\)'
        $result.Output.Replace("'$secret'", '').Replace("'token-$secret'", '') | Should -Not -Match $secret
    }

    It 'works when EcsDiscoverer was imported first' {
        $result = Invoke-ChildPwsh "Import-Module EcsDiscoverer; Get-EcsPrometheusTarget -EndpointUrl '$($Emulator.Endpoint)' -Cluster demo-fargate | Out-Null; Import-Module '$FakeModule'; $Probe"
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'TARGETS=1'
        $result.Output | Should -Match 'FAKE=us-east-1'
        @([regex]::Matches($result.Output, 'CORE=')).Count | Should -Be 2
    }
}
