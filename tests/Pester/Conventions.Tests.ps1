# Issue 11, "every convention users come from" (rules R13, R14, R9.2), against the module as installed and the local
# emulator: one cluster with a task per marking convention; the files Export-EcsFileSd writes are compared byte for
# byte with tests/Pester/Expected/conventions (set ECSD_UPDATE_EXPECTED=1 to rewrite them after a deliberate change,
# then read the diff).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'conventions.json')
    $script:Endpoint = $Emulator.Endpoint
    $script:Expected = Join-Path $PSScriptRoot 'Expected/conventions'
    $script:FileNames = @('tasks.json', '15s-tasks.json', '30s-tasks.json', '1m-tasks.json', '5m-tasks.json')
}

AfterAll {
    Stop-TestEmulator $Emulator
}

Describe 'Export-EcsFileSd -Convention all: one target set per convention, exactly the expected files' {
    BeforeAll {
        $script:Dir = Join-Path $TestDrive 'targets'
        Export-EcsFileSd -Path $Dir -EndpointUrl $Endpoint -Convention all -WarningAction SilentlyContinue
        if ($env:ECSD_UPDATE_EXPECTED -eq '1') {
            New-Item -ItemType Directory -Force $Expected | Out-Null
            foreach ($name in $FileNames) { Copy-Item (Join-Path $Dir $name) (Join-Path $Expected $name) -Force }
        }
    }

    It '<_> is byte for byte the expected file' -ForEach @('tasks.json', '15s-tasks.json', '30s-tasks.json', '1m-tasks.json', '5m-tasks.json') {
        $actual = [IO.File]::ReadAllText((Join-Path $Dir $_))
        $actual | Should -BeExactly ([IO.File]::ReadAllText((Join-Path $Expected $_)))
    }

    It 'R13: every convention made its targets, and says so in __meta_ecs_convention' {
        $groups = $FileNames | ForEach-Object { Get-Content -Raw (Join-Path $Dir $_) | ConvertFrom-Json } | Where-Object { $_ }
        $byConvention = $groups | Group-Object { $_.labels.__meta_ecs_convention } -AsHashTable
        ($byConvention.Keys | Sort-Object) | Should -Be (@('cloudwatch', 'prometheus', 'prometheus.io', 'promed', 'teralytics') | Sort-Object)
        @($byConvention['prometheus'].targets | Sort-Object) | Should -Be @('10.0.5.10:32768', '10.0.5.10:32769')
        @($byConvention['cloudwatch'] | ForEach-Object { "$($_.targets[0]) $($_.labels.__metrics_path__) $($_.labels.job)" } | Sort-Object) |
            Should -Be @('10.0.5.10:32771 /metrics jvm', '10.0.5.10:32772 /jmx jvm')
        $teralytics = $byConvention['teralytics'][0]
        $teralytics.labels.__scheme__ | Should -Be 'https'
        $teralytics.labels.job | Should -Be 'payments-api'
        $byConvention['promed'][0].labels.team | Should -Be 'payments'
        $byConvention['prometheus.io'][0].targets[0] | Should -Be '10.0.6.20:8080'
    }
}

Describe 'Get-EcsPrometheusTarget: the default conventions, and skips in every convention' {
    It 'without -Convention finds the two prometheus-ecs-discoverer defaults only (R13)' {
        $targets = @(Get-EcsPrometheusTarget -EndpointUrl $Endpoint)
        @($targets.Job | Sort-Object -Unique) | Should -Be @('env-prometheus', 'promed3')
    }

    It '-IncludeSkipped explains a docker-label port that is not a number (invalid-port)' {
        $skipped = @(Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Convention cloudwatch -IncludeSkipped | Where-Object Reason)
        $skipped.Count | Should -Be 1
        $skipped[0].Job | Should -Be 'bad-port'
        $skipped[0].Reason | Should -Be 'invalid-port'
        $skipped[0].Detail | Should -Match "ECS_PROMETHEUS_EXPORTER_PORT 'http'"
    }

    It '-LabelStyle meta leaves only metadata, __metrics_path__, __scheme__ and custom labels (R14)' {
        $target = Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Convention promed -LabelStyle meta | Select-Object -First 1
        @($target.Labels.Keys | Where-Object { -not $_.StartsWith('__') }) | Should -Be @('team')
        $target.Labels['__meta_ecs_cluster'] | Should -Be 'conv'
    }
}

Describe 'Start-EcsDiscoveryLoop: PromED 3.x settings from PROMED_* variables (R13)' {
    It 'PROMED_CONVENTIONS and PROMED_MARKER work as the seed''s users set them' {
        $dir = Join-Path $TestDrive 'loop'
        try {
            $env:PROMED_CONVENTIONS = 'promed'
            $env:PROMED_MARKER = 'PROMETHEUS'
            Start-EcsDiscoveryLoop -Path $dir -EndpointUrl $Endpoint -MaxRounds 1 -NoMetricsServer -NoWarmupThrottle -WarningAction SilentlyContinue
        } finally {
            Remove-Item Env:PROMED_CONVENTIONS, Env:PROMED_MARKER -ErrorAction Ignore
        }

        # PROMETHEUS=true marks env-prometheus under MARKER=PROMETHEUS; PROMETHEUS_TARGET (promed3) no longer marks.
        $groups = 'tasks.json', '30s-tasks.json', '1m-tasks.json' | ForEach-Object { Get-Content -Raw (Join-Path $dir $_) | ConvertFrom-Json } | Where-Object { $_ }
        @($groups.labels.job | Sort-Object -Unique) | Should -Be @('env-prometheus')
        @($groups.labels.__meta_ecs_convention | Sort-Object -Unique) | Should -Be @('promed')
    }
}
