# Start-EcsDiscoveryLoop, the session caches and -CachePath against the local emulator, as installed (issue 3).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Endpoint = $Emulator.Endpoint
    $script:FileNames = @('tasks.json', '15s-tasks.json', '30s-tasks.json', '1m-tasks.json', '5m-tasks.json')

    # Get-FreePort, Start-BackgroundLoop, Wait-Until, Get-LoopRound and Get-TemporaryFile come from TestHelpers.

    # Parses the Prometheus text format into name{labels} -> value.
    function ConvertFrom-PrometheusText {
        param([string] $Text)
        $series = @{}
        foreach ($line in $Text -split "`n") {
            if ($line -match '^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (\S+)$') { $series[$Matches[1]] = [double]$Matches[3] }
            elseif ($line -and -not $line.StartsWith('#')) { throw "Not Prometheus text format: $line" }
        }
        $series
    }
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Start-EcsDiscoveryLoop runs rounds' {
    It 'writes the files every round and reports one EcsDiscoveryRound per round on the information stream' {
        $dir = Join-Path $TestDrive 'rounds'
        Start-EcsDiscoveryLoop -Path $dir -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate -Interval 1s -MaxRounds 3 -NoMetricsServer -NoWarmupThrottle -InformationVariable info
        $rounds = @($info.MessageData)
        $rounds.Count | Should -Be 3
        $rounds | ForEach-Object { $_ | Should -BeOfType EcsDiscoverer.EcsDiscoveryRound }
        $rounds.Round | Should -Be 1, 2, 3
        $rounds[0].Result | Should -Be 'Success'
        $rounds[0].TargetsByFile['tasks.json'] | Should -Be 9
        # Steady rounds: one ListTasks page per cluster plus the demo's PENDING task, described until it runs.
        $rounds[2].ApiCalls | Should -Be 3
        $rounds[2].Summary | Should -Match '^Round 3 success: .*tasks\.json 9'
        (Get-ChildItem $dir).Name | Sort-Object | Should -Be ($FileNames | Sort-Object)
        Get-TemporaryFile $dir | Should -BeNullOrEmpty
    }

    It 'accepts -Interval as seconds or durations' -ForEach @(
        @{ Interval = '1'; Seconds = 1 }, @{ Interval = '15s'; Seconds = 15 }, @{ Interval = '1m'; Seconds = 60 }
    ) {
        $verbose = Start-EcsDiscoveryLoop -Path (Join-Path $TestDrive "i$Seconds") -EndpointUrl $Endpoint -Cluster demo-fargate -Interval $Interval -MaxRounds 1 -NoMetricsServer -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match "Discovering every $Seconds s"
    }

    It 'each tuning parameter reaches its setting, and -NoWarmupThrottle turns the cold round''s pacing off' {
        Clear-EcsDiscoveryCache
        $port = Get-FreePort
        $verbose = Start-EcsDiscoveryLoop -Path (Join-Path $TestDrive 'tuned') -EndpointUrl $Endpoint -Cluster demo-fargate -MaxRounds 1 `
            -MetricsAddress 127.0.0.1 -MetricsPort $port -ThrottleInterval 0.2 -RequestsPerSecond 5 -Burst 7 -MaxRetryAttempts 2 -NoWarmupThrottle `
            -InformationVariable cold -Verbose 4>&1
        $text = ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $text | Should -Match 'PROMETHEUS_SERVER_ADDRESS = 127\.0\.0\.1 \(parameter -MetricsAddress\)'
        $text | Should -Match 'THROTTLE_INTERVAL_SECONDS = 0\.2 \(parameter -ThrottleInterval\)'
        $text | Should -Match 'API_REQUESTS_PER_SECOND = 5 \(parameter -RequestsPerSecond\)'
        $text | Should -Match 'API_BURST = 7 \(parameter -Burst\)'
        $text | Should -Match 'MAX_RETRY_ATTEMPTS = 2 \(parameter -MaxRetryAttempts\)'
        $text | Should -Match 'WARMUP_THROTTLE = false \(parameter -NoWarmupThrottle\)'
        $text | Should -Match "Serving the self-metrics at http://127\.0\.0\.1:$port/metrics"
        $cold.MessageData.WarmUp | Should -BeFalse

        Clear-EcsDiscoveryCache
        Start-EcsDiscoveryLoop -Path (Join-Path $TestDrive 'paced') -EndpointUrl $Endpoint -Cluster demo-fargate -MaxRounds 1 -NoMetricsServer -InformationVariable paced
        $paced.MessageData.WarmUp | Should -BeTrue
    }

    It 'a failed round is reported as a warning and the loop goes on' {
        $dir = Join-Path $TestDrive 'failing'
        $warnings = Start-EcsDiscoveryLoop -Path $dir -EndpointUrl $Endpoint -Cluster no-such-cluster, demo-fargate -Interval 1s -MaxRounds 2 -NoMetricsServer -InformationVariable info -ErrorAction Stop 3>&1
        @($info.MessageData.Result) | Should -Be 'Partial', 'Partial'
        ($warnings -join "`n") | Should -Match 'Cluster no-such-cluster could not be discovered: .*ClusterNotFoundException'
    }
}

Describe 'Stopping the loop' {
    It 'Ctrl+C (PowerShell.Stop) while it waits for the next round returns within a second and leaves no temporary file' {
        $dir = Join-Path $TestDrive 'stop-sleeping'
        $loop = Start-BackgroundLoop @{ Path = $dir; EndpointUrl = $Endpoint; Interval = '5m'; NoMetricsServer = $true; NoWarmupThrottle = $true }
        try {
            Wait-Until { (Get-LoopRound $loop).Count -ge 1 }
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $loop.PowerShell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $loop.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            (Get-ChildItem $dir).Count | Should -Be 5
            Get-TemporaryFile $dir | Should -BeNullOrEmpty
        } finally { $loop.PowerShell.Dispose() }
    }

    It 'Ctrl+C while a round waits on AWS returns within a second' {
        $silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $silent.Start()
        $loop = Start-BackgroundLoop @{ Path = (Join-Path $TestDrive 'stop-in-flight'); EndpointUrl = "http://127.0.0.1:$($silent.LocalEndpoint.Port)"; Cluster = 'x'; NoMetricsServer = $true }
        try {
            Wait-Until { $silent.Pending() }
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $loop.PowerShell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $loop.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $loop.PowerShell.Dispose()
            $silent.Stop()
        }
    }

    It '<Signal> to a pwsh -Command process ends it cleanly within a second, files intact' -Skip:$IsWindows -ForEach @(
        @{ Signal = 'TERM' }, @{ Signal = 'INT' }
    ) {
        $dir = Join-Path $TestDrive "signal-$Signal"
        $command = Get-PwshCommand
        $arguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command',
            "Start-EcsDiscoveryLoop -Path '$dir' -EndpointUrl '$Endpoint' -Interval 1s -NoMetricsServer -NoWarmupThrottle")
        $process = Start-Process -FilePath $command[0] -ArgumentList $arguments -PassThru -RedirectStandardOutput (Join-Path $TestDrive "$Signal.out") -RedirectStandardError (Join-Path $TestDrive "$Signal.err")
        try {
            Wait-Until { (Test-Path (Join-Path $dir 'tasks.json')) }
            Start-Sleep -Milliseconds 1300 # into later rounds
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & kill "-$Signal" $process.Id
            $process.WaitForExit(5000) | Should -BeTrue
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1.5
            if ($Signal -eq 'TERM') { $process.ExitCode | Should -Be 0 }
            Get-TemporaryFile $dir | Should -BeNullOrEmpty
            (Get-FileSdGroups (Join-Path $dir 'tasks.json')).Count | Should -Be 9
        } finally { Stop-Process -Id $process.Id -Force -ErrorAction Ignore }
    }
}

Describe 'Self-metrics' {
    It 'the endpoint serves /metrics on loopback and the counters move as rounds go' {
        $port = Get-FreePort
        $loop = Start-BackgroundLoop @{ Path = (Join-Path $TestDrive 'metrics'); EndpointUrl = $Endpoint; Interval = '1s'; MetricsPort = $port; NoWarmupThrottle = $true }
        try {
            Wait-Until { (Get-LoopRound $loop).Count -ge 1 }
            $first = ConvertFrom-PrometheusText (Invoke-WebRequest "http://127.0.0.1:$port/metrics").Content
            Wait-Until { (Get-LoopRound $loop).Count -ge 3 }
            $later = ConvertFrom-PrometheusText (Invoke-WebRequest "http://127.0.0.1:$port/metrics").Content

            $later['ecs_discoverer_rounds_total{result="success"}'] | Should -BeGreaterThan $first['ecs_discoverer_rounds_total{result="success"}']
            $later['ecs_discoverer_targets{file="tasks.json"}'] | Should -Be 9
            $later['ecs_discoverer_skipped_containers{reason="not-running"}'] | Should -Be 1
            $later['ecs_discoverer_api_requests_total{service="ecs",operation="ListTasks",outcome="ok"}'] | Should -BeGreaterThan $first['ecs_discoverer_api_requests_total{service="ecs",operation="ListTasks",outcome="ok"}']
            $later['ecs_discoverer_cache_hits_total{cache="task_definitions"}'] | Should -BeGreaterThan 0
            $later['ecs_discoverer_cache_entries{cache="tasks"}'] | Should -Be 13
            $later['ecs_discoverer_last_success_timestamp_seconds'] | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(-1).ToUnixTimeSeconds())
            @($later.Keys | Where-Object { $_ -like 'ecs_discoverer_build_info*' }).Count | Should -Be 1
        } finally {
            $loop.PowerShell.Stop()
            $loop.PowerShell.Dispose()
        }
    }

    It 'a port in use is a clear error before any round' {
        $busy = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $busy.Start()
        try {
            { Start-EcsDiscoveryLoop -Path (Join-Path $TestDrive 'busy') -EndpointUrl $Endpoint -MetricsPort $busy.LocalEndpoint.Port -MaxRounds 1 } |
                Should -Throw -ErrorId 'MetricsEndpointFailed,*'
            Test-Path (Join-Path $TestDrive 'busy') | Should -BeFalse
        } finally { $busy.Stop() }
    }

    It '-MetricsFile writes the same metrics after each round, for the textfile collector' {
        $file = Join-Path $TestDrive 'textfile/ecsd.prom'
        New-Item -ItemType Directory (Split-Path $file) | Out-Null
        Start-EcsDiscoveryLoop -Path (Join-Path $TestDrive 'mf') -EndpointUrl $Endpoint -Interval 1s -MaxRounds 2 -NoMetricsServer -MetricsFile $file
        $metrics = ConvertFrom-PrometheusText (Get-Content -Raw $file)
        $metrics['ecs_discoverer_rounds_total{result="success"}'] | Should -Be 2
        $metrics['ecs_discoverer_round_duration_seconds_count'] | Should -Be 2
    }

    It 'Export-EcsFileSd -MetricsFile records its one run' {
        $file = Join-Path $TestDrive 'export.prom'
        Export-EcsFileSd -Path (Join-Path $TestDrive 'mf-export') -EndpointUrl $Endpoint -MetricsFile $file
        $metrics = ConvertFrom-PrometheusText (Get-Content -Raw $file)
        $metrics['ecs_discoverer_rounds_total{result="success"}'] | Should -Be 1
        $metrics['ecs_discoverer_targets{file="tasks.json"}'] | Should -Be 9
    }
}

Describe 'Configuration: parameter, settings file, environment, default' {
    BeforeAll {
        function Invoke-Loop {
            param([string] $Arguments, [hashtable] $Environment = @{})
            $set = ($Environment.GetEnumerator() | ForEach-Object { "`$env:$($_.Key) = '$($_.Value)'" }) -join '; '
            # Streams become strings in the child, so that its stdout carries them all.
            Invoke-ChildPwsh ("$set; try { Start-EcsDiscoveryLoop -EndpointUrl '$Endpoint' -Cluster demo-fargate -MaxRounds 1 -NoMetricsServer -Verbose $Arguments *>&1 | ForEach-Object { `"`$_`" } }" +
                " catch { 'ErrorId: ' + `$_.FullyQualifiedErrorId; `"`$_`"; exit 1 }")
        }
    }

    It 'the seed''s container recipe works unchanged: DYNACONF_INTERVAL=1m, DYNACONF_OUTPUT_DIRECTORY' {
        $dir = Join-Path $TestDrive 'dynaconf'
        $run = Invoke-Loop '' @{ DYNACONF_INTERVAL = '1m'; DYNACONF_OUTPUT_DIRECTORY = $dir }
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'INTERVAL = 1m \(environment DYNACONF_INTERVAL\)'
        Test-Path (Join-Path $dir 'tasks.json') | Should -BeTrue
    }

    It 'a settings file beats the environment, and a parameter beats both' {
        $settings = Join-Path $TestDrive 'settings.psd1'
        Set-Content $settings "@{ INTERVAL = '30s'; OUTPUT_DIRECTORY = '$(Join-Path $TestDrive 'from-file')'; WARMUP_THROTTLE = `$false }"
        $run = Invoke-Loop "-ConfigurationPath '$settings'" @{ DYNACONF_INTERVAL = '1m'; DYNACONF_OUTPUT_DIRECTORY = (Join-Path $TestDrive 'from-env') }
        $run.Output | Should -Match 'INTERVAL = 30s \(settings file '
        $run.Output | Should -Match 'WARMUP_THROTTLE = false \(settings file '
        Test-Path (Join-Path $TestDrive 'from-file/tasks.json') | Should -BeTrue

        $run = Invoke-Loop "-ConfigurationPath '$settings' -Interval 5s" @{ DYNACONF_INTERVAL = '1m' }
        $run.Output | Should -Match 'INTERVAL = 5s \(parameter -Interval\)'
    }

    It 'a bad value is an error naming the setting and where it came from' {
        $run = Invoke-Loop "-Path '$(Join-Path $TestDrive 'bad')'" @{ DYNACONF_INTERVAL = '1x' }
        $run.ExitCode | Should -Not -Be 0
        $run.Output | Should -Match "INTERVAL '1x' from environment DYNACONF_INTERVAL"
        $run.Output | Should -Match 'EcsInvalidSetting'
    }

    It 'an unknown key in the settings file is an error naming the key and the file' {
        $settings = Join-Path $TestDrive 'typo.psd1'
        Set-Content $settings "@{ INTERVALL = '30s' }"
        { Start-EcsDiscoveryLoop -Path (Join-Path $TestDrive 'typo') -EndpointUrl $Endpoint -ConfigurationPath $settings -MaxRounds 1 -NoMetricsServer } |
            Should -Throw -ErrorId 'EcsInvalidSetting,*' -ExpectedMessage '*INTERVALL*'
    }

    It 'a settings file with code in it is refused, not run' {
        $settings = Join-Path $TestDrive 'code.psd1'
        Set-Content $settings "@{ OUTPUT_DIRECTORY = `$(Set-Content '$(Join-Path $TestDrive 'pwned')' 'x') }"
        { Start-EcsDiscoveryLoop -EndpointUrl $Endpoint -ConfigurationPath $settings -MaxRounds 1 -NoMetricsServer } |
            Should -Throw -ErrorId 'EcsInvalidConfigurationFile,*'
        Test-Path (Join-Path $TestDrive 'pwned') | Should -BeFalse
    }

    It 'without an output directory from any source, says how to give one' {
        { Start-EcsDiscoveryLoop -EndpointUrl $Endpoint -MaxRounds 1 -NoMetricsServer } |
            Should -Throw -ErrorId 'EcsInvalidSetting,*' -ExpectedMessage '*OUTPUT_DIRECTORY*'
    }
}

Describe 'Session caches and -CachePath' {
    It 'a second Get-EcsPrometheusTarget in the session describes nothing already known; Clear-EcsDiscoveryCache forgets' {
        Clear-EcsDiscoveryCache
        $null = Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate
        $stats = Get-EcsDiscoveryStatistic | Where-Object Endpoint -like "$Endpoint*"
        $stats.TaskDefinitions | Should -Be 14
        $stats.Tasks | Should -Be 13

        Reset-EmulatorCallCount $Emulator
        $null = Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-ec2, demo-fargate
        $calls = Get-EmulatorCallCount $Emulator
        $calls.'ecs:ListTasks' | Should -Be 2
        $calls.'ecs:DescribeTasks' | Should -Be 1 # the PENDING task only
        $calls.'ecs:DescribeTaskDefinition' | Should -BeNullOrEmpty

        Clear-EcsDiscoveryCache
        (Get-EcsDiscoveryStatistic | Where-Object Endpoint -like "$Endpoint*").TaskDefinitions | Should -Be 0
    }

    It 'Get-EcsDiscoveryStatistic and Clear-EcsDiscoveryCache -Region select sessions by region wildcard' {
        $null = Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate
        @(Get-EcsDiscoveryStatistic -Region 'us-*' | Where-Object Endpoint -like "$Endpoint*").Count | Should -Be 1
        @(Get-EcsDiscoveryStatistic -Region 'ap-*').Count | Should -Be 0

        Clear-EcsDiscoveryCache -Region 'ap-*'
        (Get-EcsDiscoveryStatistic -Region us-east-1 | Where-Object Endpoint -like "$Endpoint*").TaskDefinitions | Should -BeGreaterThan 0
        Clear-EcsDiscoveryCache -Region 'US-EAST-1'
        (Get-EcsDiscoveryStatistic -Region us-east-1 | Where-Object Endpoint -like "$Endpoint*").TaskDefinitions | Should -Be 0
    }

    It 'Clear-EcsDiscoveryCache -CachePath deletes the cache file, and -WhatIf does not' {
        $cache = Join-Path $TestDrive 'to-clear.json'
        $null = Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate -CachePath $cache -WarningAction SilentlyContinue
        Test-Path $cache | Should -BeTrue
        Clear-EcsDiscoveryCache -CachePath $cache -WhatIf
        Test-Path $cache | Should -BeTrue
        Clear-EcsDiscoveryCache -CachePath $cache
        Test-Path $cache | Should -BeFalse
    }

    It 'a cron run in a new process with -CachePath makes the calls of a warm round' {
        $cache = Join-Path $TestDrive 'cron/cache.json'
        $dir = Join-Path $TestDrive 'cron/targets'
        $script = "Export-EcsFileSd -Path '$dir' -EndpointUrl '$Endpoint' -Cluster demo-ec2, demo-fargate -CachePath '$cache' 3>&1 | ForEach-Object { `"`$_`" }"
        $first = Invoke-ChildPwsh $script
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $first.Output | Should -Match 'does not exist yet'
        Test-Path $cache | Should -BeTrue

        Reset-EmulatorCallCount $Emulator
        $second = Invoke-ChildPwsh $script
        $second.ExitCode | Should -Be 0 -Because $second.Output
        $calls = Get-EmulatorCallCount $Emulator
        $calls.'ecs:ListTasks' | Should -Be 2
        $calls.'ecs:DescribeTasks' | Should -Be 1 # the PENDING task only
        $calls.'ecs:DescribeTaskDefinition' | Should -BeNullOrEmpty
        $calls.'ecs:DescribeContainerInstances' | Should -BeNullOrEmpty
        $calls.'ec2:DescribeInstances' | Should -BeNullOrEmpty
        (Get-FileSdGroups (Join-Path $dir 'tasks.json')).Count | Should -Be 9
    }

    It 'a corrupt cache file is ignored with a warning and the targets are still right' {
        $cache = Join-Path $TestDrive 'corrupt.json'
        Set-Content $cache "garbage`n{}"
        $warnings = Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate -CachePath $cache 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }
        ($warnings.Message -join "`n") | Should -Match 'cache file .* was ignored'
        @(Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate).Count | Should -Be 1
    }
}
