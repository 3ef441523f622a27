# Issue 12: tab completion of -Region, -ProfileName, -Cluster and -Interval through TabExpansion2, against the module
# as installed; -Cluster against the local emulator and against endpoints that refuse or never answer.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Endpoint = $Emulator.Endpoint

    function Get-Completion {
        param([Parameter(Mandatory)] [string] $Line)
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    $script:Temp = Join-Path ([IO.Path]::GetTempPath()) "ecsd-completion-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Path $Temp
}

AfterAll {
    Stop-TestEmulator $script:Emulator
    Remove-Item -Recurse -Force $script:Temp -ErrorAction Ignore
}

Describe '-Region completes the AWS SDK''s regions' {
    It 'offers the regions that start with what is typed, with the display name as tooltip' {
        $matches = Get-Completion 'Get-EcsPrometheusTarget -Region eu-west-'
        $matches.CompletionText | Should -Contain 'eu-west-1'
        $matches.CompletionText | Should -Not -Contain 'us-east-1'
        ($matches | Where-Object CompletionText -eq 'eu-west-1').ToolTip | Should -Be 'Europe (Ireland)'
        $matches[0].ResultType | Should -Be 'ParameterValue'
    }

    It 'completes on <Command> too, and through the alias -RegionToCall' -ForEach @(
        @{ Command = 'Export-EcsFileSd -Path x -Region us-east' }
        @{ Command = 'Start-EcsDiscoveryLoop -Region us-east' }
        @{ Command = 'Get-EcsPrometheusTarget -RegionToCall us-east' }
    ) {
        (Get-Completion $Command).CompletionText | Should -Contain 'us-east-1'
    }
}

Describe '-Interval completes the common periods' {
    It 'offers 15s, 30s, 1m and 5m, and filters by what is typed' {
        (Get-Completion 'Start-EcsDiscoveryLoop -Interval ').CompletionText | Should -Be @('15s', '30s', '1m', '2m', '5m', '10m', '15m', '30m', '1h')
        (Get-Completion 'Start-EcsDiscoveryLoop -Interval 1').CompletionText | Should -Be @('15s', '1m', '10m', '15m', '1h')
    }
}

Describe '-ProfileName completes the profiles of the shared files' {
    BeforeAll {
        $script:Secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' + [guid]::NewGuid().ToString('N')
        $script:Credentials = Join-Path $Temp 'credentials'
        Set-Content -Path $Credentials -Value "[default]`naws_access_key_id = AKIAEXAMPLE`naws_secret_access_key = $Secret`n[ops]`naws_access_key_id = AKIAOPS`naws_secret_access_key = $Secret"
        Set-Content -Path (Join-Path $Temp 'config') -Value "[default]`nregion = eu-west-1`n[profile monitoring]`nsso_session = corp`n[sso-session corp]`nsso_start_url = https://example.awsapps.com/start"
        $script:Saved = @{ Credentials = $env:AWS_SHARED_CREDENTIALS_FILE; Config = $env:AWS_CONFIG_FILE }
    }

    AfterEach {
        $env:AWS_SHARED_CREDENTIALS_FILE = $Saved.Credentials
        $env:AWS_CONFIG_FILE = $Saved.Config
    }

    It 'reads AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE: [name] and [profile name], not sso-session' {
        $env:AWS_SHARED_CREDENTIALS_FILE = $Credentials
        $env:AWS_CONFIG_FILE = Join-Path $Temp 'config'
        (Get-Completion 'Get-EcsPrometheusTarget -ProfileName ').CompletionText | Should -Be @('default', 'monitoring', 'ops')
        (Get-Completion 'Get-EcsPrometheusTarget -ProfileName mo').CompletionText | Should -Be @('monitoring')
    }

    It 'reads the -ProfileLocation already typed (and the config file beside it), also through -ProfilesLocation' {
        (Get-Completion "Get-EcsPrometheusTarget -ProfileLocation '$Credentials' -ProfileName ").CompletionText | Should -Be @('default', 'monitoring', 'ops')
        (Get-Completion "Export-EcsFileSd -Path x -ProfilesLocation '$Credentials' -ProfileName o").CompletionText | Should -Be @('ops')
    }

    It 'never shows a key: only section names, in the text and the tooltip' {
        $env:AWS_SHARED_CREDENTIALS_FILE = $Credentials
        $text = Get-Completion 'Get-EcsPrometheusTarget -ProfileName ' | ForEach-Object { $_.CompletionText; $_.ListItemText; $_.ToolTip }
        ($text -join "`n") | Should -Not -Match ([regex]::Escape($Secret.Substring(0, 12)))
        ($text -join "`n") | Should -Not -Match 'AKIA'
    }

    It 'a missing file gives no completions and no error' {
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $Temp 'no-such-dir/credentials'
        $env:AWS_CONFIG_FILE = Join-Path $Temp 'no-such-dir/config'
        $errors = $Error.Count
        Get-Completion 'Get-EcsPrometheusTarget -ProfileName ' | Should -BeNullOrEmpty
        Get-Completion "Get-EcsPrometheusTarget -ProfileLocation '$Temp/no-such-dir/credentials' -ProfileName " | Should -BeNullOrEmpty
        $Error.Count | Should -Be $errors
    }
}

Describe '-Cluster completes the live cluster names' {
    It 'lists the emulator''s clusters with the -EndpointUrl already typed, on <Command>' -ForEach @(
        @{ Command = 'Get-EcsPrometheusTarget' }
        @{ Command = 'Export-EcsFileSd -Path x' }
        @{ Command = 'Start-EcsDiscoveryLoop' }
    ) {
        $names = (Get-Completion "$Command -EndpointUrl $Endpoint -Cluster ").CompletionText
        if (-not $names) {
            # The session's first listing can outlast the wait while the SDK warms up; it fills the cache in the
            # background, so the next Tab has the names.
            Start-Sleep -Seconds 2
            $names = (Get-Completion "$Command -EndpointUrl $Endpoint -Cluster ").CompletionText
        }
        $names | Should -Be @('demo-ec2', 'demo-fargate')
        (Get-Completion "$Command -EndpointUrl $Endpoint -Cluster demo-f").CompletionText | Should -Be @('demo-fargate')
    }

    It 'calls ListClusters once for repeated completions (a short-lived cache per endpoint, region and credentials)' {
        $line = "Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Region us-east-1 -AK AKIDCACHE -SK secret -Cluster "
        Reset-EmulatorCallCount $Emulator
        (Get-Completion $line).CompletionText | Should -Be @('demo-ec2', 'demo-fargate')
        (Get-Completion "$($line)demo").CompletionText | Should -Be @('demo-ec2', 'demo-fargate')
        (Get-EmulatorCallCount $Emulator).'ecs:ListClusters' | Should -Be 1
    }

    It 'is empty and answers within a second when the endpoint refuses the connection' {
        $port = Get-FreePort
        $null = Get-Completion "Get-EcsPrometheusTarget -EndpointUrl http://127.0.0.1:$port -Region eu-west-1 -Cluster " # warm-up (JIT)
        $port = Get-FreePort
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $matches = Get-Completion "Get-EcsPrometheusTarget -EndpointUrl http://127.0.0.1:$port -Cluster "
        $watch.Stop()
        $matches | Should -BeNullOrEmpty
        $watch.ElapsedMilliseconds | Should -BeLessThan 1000
    }

    It 'is empty and answers within a second when the endpoint accepts but never answers' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $matches = Get-Completion "Get-EcsPrometheusTarget -EndpointUrl http://127.0.0.1:$port -Cluster "
            $watch.Stop()
            $matches | Should -BeNullOrEmpty
            $watch.ElapsedMilliseconds | Should -BeLessThan 1000
        } finally {
            $listener.Stop()
        }
    }

    It 'is quiet and empty without credentials or a region (no error record, nothing printed)' {
        $errors = $Error.Count
        $output = Get-Completion "Get-EcsPrometheusTarget -ProfileName no-such-profile-$([guid]::NewGuid().ToString('N')) -Cluster " *>&1
        $output | Should -BeNullOrEmpty
        $Error.Count | Should -Be $errors
    }
}

Describe 'Beside AWS.Tools: a completer registered by parameter name alone' {
    # AWS.Tools.Common registers its Region and ProfileName completers with Register-ArgumentCompleter -ParameterName
    # (no command name). Each case runs in a fresh pwsh, since such a registration lasts for the session.
    BeforeAll {
        $script:Register = @'
Register-ArgumentCompleter -ParameterName Region -ScriptBlock { param($c, $p, $w) [System.Management.Automation.CompletionResult]::new('from-aws-tools', 'from-aws-tools', 'ParameterValue', 'x') }
Register-ArgumentCompleter -ParameterName ProfileName -ScriptBlock { param($c, $p, $w) [System.Management.Automation.CompletionResult]::new('aws-tools-profile', 'aws-tools-profile', 'ParameterValue', 'x') }
'@
        $script:Probe = @'
function Complete([string] $line) { ((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) -join ',' }
function Test-AttributeOnly { param([ArgumentCompleter([EcsDiscoverer.Completion.RegionCompleter])] [string] $Region) }
'region=' + (Complete 'Get-EcsPrometheusTarget -Region eu-west-')
'profile=' + (Complete "Get-EcsPrometheusTarget -ProfileLocation '{0}' -ProfileName ")
'attribute-only=' + (Complete 'Test-AttributeOnly -Region eu-west-')
'@.Replace('{0}', (Join-Path $Temp 'aws-tools/credentials'))
        $null = New-Item -ItemType Directory -Path (Join-Path $Temp 'aws-tools')
        Set-Content -Path (Join-Path $Temp 'aws-tools/credentials') -Value "[ours]`naws_access_key_id = x"
    }

    It 'wins over a bare [ArgumentCompleter] attribute in PowerShell 7, but not over ours: <Order>' -ForEach @(
        @{ Order = 'AWS.Tools first'; First = 'register'; }
        @{ Order = 'EcsDiscoverer first'; First = 'import' }
    ) {
        $steps = if ($First -eq 'register') { @($Register, 'Import-Module EcsDiscoverer') } else { @('Import-Module EcsDiscoverer', $Register) }
        $result = Invoke-ChildPwsh -Script (($steps + $Probe) -join "`n")
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'region=eu-west-1,eu-west-2,eu-west-3'
        $result.Output | Should -Match 'profile=ours\r?\n'
        # The finding documented in README and the help: a parameter-name registration beats the attribute alone.
        $result.Output | Should -Match 'attribute-only=from-aws-tools'
    }
}
