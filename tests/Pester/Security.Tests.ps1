# Issue 4 (security), against the module as installed: secrets never appear in any stream, metrics or file; the
# metrics endpoint listens on loopback unless asked otherwise; files are 0644 (the cache file 0600) whatever the umask.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Endpoint = $Emulator.Endpoint

    # Random per run, so that no window of them occurs in output by chance; the token is as long as a real STS one.
    $script:AccessKey = 'AKIA' + (New-Sentinel 16).ToUpperInvariant()
    $script:SecretKey = New-Sentinel 40
    $script:SessionToken = New-Sentinel 356

    # Every 8-character window of the secret key and the session token: a secret shown in part is shown.
    $script:Windows = foreach ($secret in $SecretKey, $SessionToken) { for ($i = 0; $i -le $secret.Length - 8; $i++) { $secret.Substring($i, 8) } }

    function Find-Secret {
        param([string] $Text)
        foreach ($window in $Windows) { if ($Text.Contains($window, [StringComparison]::Ordinal)) { return $window } }
    }

    function Get-FileText {
        param([string] $Directory)
        (Get-ChildItem $Directory -Recurse -File -Force -ErrorAction Ignore | ForEach-Object { [IO.File]::ReadAllText($_.FullName) }) -join "`n"
    }

    function Set-SentinelEnvironment {
        param([switch] $Restore)
        if ($Restore) {
            foreach ($name in $script:SavedEnvironment.Keys) { Set-Item "env:$name" $script:SavedEnvironment[$name] }
            return
        }
        $script:SavedEnvironment = @{}
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN') { $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }
        $env:AWS_ACCESS_KEY_ID = $AccessKey
        $env:AWS_SECRET_ACCESS_KEY = $SecretKey
        $env:AWS_SESSION_TOKEN = $SessionToken
    }
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Secrets never appear in any stream, metrics or file' {
    BeforeAll {
        $script:UnreachablePort = Get-FreePort
    }

    AfterEach {
        Clear-EmulatorFault $Emulator
    }

    It 'the check finds a secret shown whole or in part (so the tests below can fail)' {
        Find-Secret "key=$($SecretKey.Substring(0, 8))..." | Should -Not -BeNullOrEmpty
        Find-Secret "token ...$($SessionToken.Substring(200, 9))" | Should -Not -BeNullOrEmpty
        Find-Secret "access key $AccessKey" | Should -BeNullOrEmpty -Because 'the access key id is not a secret'
    }

    It '<Name>, credentials as <Via>' -ForEach @(
        foreach ($via in 'parameters', 'environment variables') {
            @{ Via = $via; Name = 'Get-EcsPrometheusTarget'; Fault = $null; Script = { param($Work, $Credentials, $Endpoint, $UnreachablePort) $Act = @{ ErrorAction = 'Continue'; WarningAction = 'Continue' }; Get-EcsPrometheusTarget -EndpointUrl $Endpoint -IncludeSkipped @Credentials -Verbose -Debug @Act } }
            @{ Via = $via; Name = 'Export-EcsFileSd -CachePath -MetricsFile'; Fault = $null; Script = { param($Work, $Credentials, $Endpoint, $UnreachablePort) $Act = @{ ErrorAction = 'Continue'; WarningAction = 'Continue' }; Export-EcsFileSd -Path (Join-Path $Work 'targets') -EndpointUrl $Endpoint -CachePath (Join-Path $Work 'cache.json') -MetricsFile (Join-Path $Work 'export.prom') -PassThru @Credentials -Verbose -Debug @Act } }
            @{ Via = $via; Name = 'Export-EcsFileSd, ListClusters denied (AccessDeniedException)'; Fault = @{ Operation = 'ecs:ListClusters'; ErrorCode = 'AccessDeniedException' }; Script = { param($Work, $Credentials, $Endpoint, $UnreachablePort) $Act = @{ ErrorAction = 'Continue'; WarningAction = 'Continue' }; Export-EcsFileSd -Path (Join-Path $Work 'targets') -EndpointUrl $Endpoint -CachePath (Join-Path $Work 'cache.json') -MetricsFile (Join-Path $Work 'export.prom') @Credentials -Verbose -Debug @Act } }
            @{ Via = $via; Name = 'Export-EcsFileSd, one cluster denied (partial)'; Fault = @{ Operation = 'ecs:ListTasks'; ErrorCode = 'AccessDeniedException' }; Script = { param($Work, $Credentials, $Endpoint, $UnreachablePort) $Act = @{ ErrorAction = 'Continue'; WarningAction = 'Continue' }; Export-EcsFileSd -Path (Join-Path $Work 'targets') -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate -MetricsFile (Join-Path $Work 'export.prom') @Credentials -Verbose -Debug @Act } }
            @{ Via = $via; Name = 'Get-EcsPrometheusTarget, expired token (ExpiredTokenException)'; Fault = @{ Operation = 'ecs:ListTasks'; ErrorCode = 'ExpiredTokenException'; Times = 2 }; Script = { param($Work, $Credentials, $Endpoint, $UnreachablePort) $Act = @{ ErrorAction = 'Continue'; WarningAction = 'Continue' }; Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate @Credentials -Verbose -Debug @Act } }
            @{ Via = $via; Name = 'Export-EcsFileSd, unreachable endpoint'; Fault = $null; Script = { param($Work, $Credentials, $Endpoint, $UnreachablePort) $Act = @{ ErrorAction = 'Continue'; WarningAction = 'Continue' }; Export-EcsFileSd -Path (Join-Path $Work 'targets') -EndpointUrl "http://127.0.0.1:$UnreachablePort" -Cluster demo-fargate -CachePath (Join-Path $Work 'cache.json') @Credentials -Verbose -Debug @Act } }
            @{ Via = $via; Name = 'Get-EcsDiscoveryStatistic'; Fault = $null; Script = { param($Work, $Credentials, $Endpoint, $UnreachablePort) $Act = @{ ErrorAction = 'Continue'; WarningAction = 'Continue' }; Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate @Credentials | Out-Null; Get-EcsDiscoveryStatistic -Verbose -Debug @Act | Format-List * | Out-String } }
            @{ Via = $via; Name = 'Clear-EcsDiscoveryCache -CachePath'; Fault = $null; Script = { param($Work, $Credentials, $Endpoint, $UnreachablePort) $Act = @{ ErrorAction = 'Continue'; WarningAction = 'Continue' }; Clear-EcsDiscoveryCache -CachePath (Join-Path $Work 'cache.json') -Verbose -Debug @Act -Confirm:$false } }
        }
    ) {
        $work = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $work | Out-Null
        $credentials = if ($Via -eq 'parameters') { @{ AccessKey = $AccessKey; SecretKey = $SecretKey; SessionToken = $SessionToken } } else { @{} }
        if ($Fault) { Add-EmulatorFault $Emulator @Fault }
        if ($Via -ne 'parameters') { Set-SentinelEnvironment }
        try {
            $records = Invoke-Captured { & $Script $work $credentials $Endpoint $UnreachablePort }
        } finally {
            if ($Via -ne 'parameters') { Set-SentinelEnvironment -Restore }
        }

        $text = ConvertTo-CapturedText $records
        # The run really spoke: debug lines (the credential source) and verbose ones, and an error where a fault was injected.
        if ($Name -notlike 'Clear-*' -and $Name -notlike 'Get-EcsDiscoveryStatistic') {
            @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterThan 0
            if ($Name -notlike '*ListClusters denied*') { @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0 }
        }
        if ($Fault -or $Name -like '*unreachable*') { @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterThan 0 }
        Find-Secret $text | Should -BeNullOrEmpty -Because "the streams of $Name must not show the secret key or session token"
        Find-Secret (Get-FileText $work) | Should -BeNullOrEmpty -Because 'no file written may hold them'
    }

    It 'Start-EcsDiscoveryLoop -MaxRounds with a failing round, -MetricsFile, -CachePath and the metrics endpoint scraped, credentials as <Via>' -ForEach @(
        @{ Via = 'parameters' }, @{ Via = 'environment variables' }
    ) {
        $work = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $port = Get-FreePort
        $parameters = @{
            Path = Join-Path $work 'targets'; EndpointUrl = $Endpoint; Cluster = @('demo-ec2', 'demo-fargate'); Interval = '1s'; MaxRounds = 3
            MetricsPort = $port; MetricsFile = Join-Path $work 'loop.prom'; CachePath = Join-Path $work 'cache.json'; NoWarmupThrottle = $true
            # -Debug alone makes warnings and errors of a compiled cmdlet ask (Inquire), which a hosted runspace cannot.
            Verbose = $true; Debug = $true; WarningAction = 'Continue'; ErrorAction = 'Continue'
        }
        if ($Via -eq 'parameters') { $parameters += @{ AccessKey = $AccessKey; SecretKey = $SecretKey; SessionToken = $SessionToken } }
        # Round 1 fails for both clusters, round 2 for one; the third succeeds.
        Add-EmulatorFault $Emulator -Operation 'ecs:ListTasks' -ErrorCode 'ExpiredTokenException' -Times 3
        if ($Via -ne 'parameters') { Set-SentinelEnvironment }
        try {
            $loop = Start-BackgroundLoop $parameters
            Wait-Until { (Get-LoopRound $loop).Count -ge 1 }
            $bodies = @((Invoke-WebRequest "http://127.0.0.1:$port/metrics").Content)
            Wait-Until { (Get-LoopRound $loop).Count -ge 2 }
            $bodies += (Invoke-WebRequest "http://127.0.0.1:$port/metrics").Content
            $output = $loop.PowerShell.EndInvoke($loop.Async)
        } finally {
            if ($Via -ne 'parameters') { Set-SentinelEnvironment -Restore }
            $loop.PowerShell.Dispose()
        }

        $streams = $loop.PowerShell.Streams
        (Get-LoopRound $loop).Result | Should -Contain 'Failed'
        $streams.Verbose.Count | Should -BeGreaterThan 0
        $streams.Debug.Count | Should -BeGreaterThan 0
        $streams.Warning.Count | Should -BeGreaterThan 0
        $bodies -join "`n" | Should -Match 'ecs_discoverer_'
        $text = ConvertTo-CapturedText (@($output) + $streams.Error + $streams.Warning + $streams.Verbose + $streams.Debug + $streams.Information)
        Find-Secret $text | Should -BeNullOrEmpty -Because 'no stream of the loop may show them'
        Find-Secret ($bodies -join "`n") | Should -BeNullOrEmpty -Because 'the metrics endpoint may not show them'
        Find-Secret (Get-FileText $work) | Should -BeNullOrEmpty -Because 'no file written may hold them'
        (Get-ChildItem $work -Recurse -File).Name | Should -Contain 'loop.prom'
        (Get-ChildItem $work -Recurse -File).Name | Should -Contain 'cache.json'
    }
}

Describe 'The metrics endpoint listens on loopback unless asked otherwise' {
    BeforeAll {
        function Get-ListenAddress {
            param([int] $Port)
            @([System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpListeners() |
                    Where-Object Port -eq $Port | ForEach-Object { $_.Address.ToString() } | Sort-Object -Unique)
        }

        function Get-OwnNonLoopbackAddress {
            [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() |
                Where-Object { $_.OperationalStatus -eq 'Up' -and $_.NetworkInterfaceType -ne 'Loopback' } |
                ForEach-Object { $_.GetIPProperties().UnicastAddresses.Address } |
                Where-Object { $_.AddressFamily -eq 'InterNetwork' -and -not [System.Net.IPAddress]::IsLoopback($_) }
        }

        function Test-Connect {
            param([System.Net.IPAddress] $Address, [int] $Port)
            $client = [System.Net.Sockets.TcpClient]::new($Address.AddressFamily)
            try { $client.ConnectAsync($Address, $Port).Wait(2000) } catch { $false } finally { $client.Dispose() }
        }

        function Start-MetricsLoop {
            param([int] $Port, [hashtable] $Extra = @{})
            $loop = Start-BackgroundLoop (@{ Path = Join-Path $TestDrive "m$Port"; EndpointUrl = $Endpoint; Cluster = 'demo-fargate'; Interval = '1s'; MetricsPort = $Port; NoWarmupThrottle = $true } + $Extra)
            Wait-Until { (Get-LoopRound $loop).Count -ge 1 }
            $loop
        }
    }

    It 'by default it listens on 127.0.0.1 only: the socket is bound there, and no other address of this machine answers' {
        $port = Get-FreePort
        $loop = Start-MetricsLoop $port
        try {
            (Invoke-WebRequest "http://127.0.0.1:$port/metrics").StatusCode | Should -Be 200
            Get-ListenAddress $port | Should -Be @('127.0.0.1')
            foreach ($address in Get-OwnNonLoopbackAddress) {
                Test-Connect $address $port | Should -BeFalse -Because "$address is not loopback"
            }
        } finally {
            Stop-BackgroundLoop $loop
        }
    }

    It 'with -MetricsAddress 0.0.0.0 it listens on every IPv4 interface (so the check above can tell)' {
        $port = Get-FreePort
        $loop = Start-MetricsLoop $port @{ MetricsAddress = '0.0.0.0' }
        try {
            Get-ListenAddress $port | Should -Be @('0.0.0.0')
            foreach ($address in Get-OwnNonLoopbackAddress) { Test-Connect $address $port | Should -BeTrue }
        } finally {
            Stop-BackgroundLoop $loop
        }
    }
}

Describe 'File modes whatever the umask' -Skip:$IsWindows {
    BeforeAll {
        function Get-Mode {
            param($Path)
            [Convert]::ToString([int](Get-Item $Path -Force).UnixFileMode, 8)
        }
    }

    It 'under umask <Umask>: file_sd and metrics files 0644, cache files 0600, no temporary files; a plain file shows the umask applied' -ForEach @(
        @{ Umask = '000'; Plain = '666' }
        @{ Umask = '077'; Plain = '600' }
    ) {
        $dir = Join-Path $TestDrive "umask$Umask"
        $result = Invoke-ChildPwsh -Umask $Umask @"
Import-Module EcsDiscoverer
New-Item -ItemType Directory '$dir' -Force | Out-Null
Set-Content '$dir/plain.txt' 'x' -ErrorAction Stop
Export-EcsFileSd -Path '$dir/export' -EndpointUrl '$Endpoint' -Cluster demo-fargate -CachePath '$dir/export-cache/cache.json' -MetricsFile '$dir/export.prom'
Start-EcsDiscoveryLoop -Path '$dir/loop' -EndpointUrl '$Endpoint' -Cluster demo-fargate -MaxRounds 1 -NoMetricsServer -CachePath '$dir/loop-cache.json' -MetricsFile '$dir/loop.prom'
"@
        $result.ExitCode | Should -Be 0 -Because $result.Output
        Get-Mode "$dir/plain.txt" | Should -Be $Plain -Because 'the umask reached the child'
        foreach ($file in @(Get-ChildItem "$dir/export", "$dir/loop" -File -Force) + (Get-Item "$dir/export.prom", "$dir/loop.prom")) {
            Get-Mode $file | Should -Be '644' -Because "$($file.FullName) is read by Prometheus or node_exporter"
        }
        foreach ($file in Get-Item "$dir/export-cache/cache.json", "$dir/loop-cache.json") {
            Get-Mode $file | Should -Be '600' -Because "$($file.FullName) holds task definitions"
        }
        @(Get-ChildItem "$dir/export", "$dir/loop" -File -Force).Count | Should -Be 10
        Get-TemporaryFile $dir | Should -BeNullOrEmpty
    }
}
