# A real Prometheus reads the files of the installed module's Export-EcsFileSd (issue 4 part 4; R6, R7, R10).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:DemoJson = Get-Content -Raw (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    # The directory exists before Prometheus starts, as in a deployment: file_sd cannot watch a missing directory
    # ("Error adding file watch") and would only notice changes at its refresh interval.
    $script:Dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'targets') | Select-Object -ExpandProperty FullName
    $script:Prometheus = Start-TestPrometheus -TargetsDirectory $Dir
}

AfterAll {
    Stop-TestPrometheus $script:Prometheus
    Stop-TestEmulator $script:Emulator
}

Describe 'Prometheus loads what Export-EcsFileSd writes' {
    It 'lists exactly the 11 exported targets, with __metrics_path__ applied and our labels' {
        Export-EcsFileSd -Path $Dir -EndpointUrl $Emulator.Endpoint
        $expected = @(Get-ExpectedFromFiles $Dir | Sort-Object)
        $expected.Count | Should -Be 11
        $targets = Wait-PrometheusActiveTarget $Prometheus { param($t) $t.Count -eq 11 }
        @(Format-Active $targets | Sort-Object) | Should -Be $expected
        $billing = $targets | Where-Object { $_.scrapePool -eq '5m-tasks' }
        $billing.scrapeUrl | Should -Be 'http://10.0.1.10:32774/mymetrics'
        $billing.labels.metrics_path | Should -Be '/mymetrics'
        $billing.labels.cluster | Should -Be 'demo-ec2'
        $billing.discoveredLabels.'__meta_ecs_service' | Should -Be 'billing'
        ($targets | Where-Object { $_.labels.job -eq 'custom-labels-graphql' }).labels.api_type | Should -Be 'GraphQL'
    }

    It 'drops a stopped task''s targets after the next export' {
        $scenario = $DemoJson | ConvertFrom-Json -Depth 50
        $ec2 = $scenario.clusters | Where-Object name -eq 'demo-ec2'
        $ec2.tasks = @($ec2.tasks | Where-Object id -ne 'a3f1c2d4e5b64f7a8c9d0e1f2a3b4c07')
        Set-EmulatorScenario $Emulator ($scenario | ConvertTo-Json -Depth 50)
        Export-EcsFileSd -Path $Dir -EndpointUrl $Emulator.Endpoint
        $targets = Wait-PrometheusActiveTarget $Prometheus { param($t) -not ($t.scrapeUrl -like 'http://10.0.1.10:32774/*') }
        @(Format-Active $targets | Sort-Object) | Should -Be @(Get-ExpectedFromFiles $Dir | Sort-Object)
        $targets.Count | Should -Be 8
    }

    It 'never reported a file_sd read error' {
        Get-PrometheusFileSdReadError $Prometheus | Should -Be 0
        @(Get-Content $Prometheus.Log | Where-Object { $_ -match 'discovery=file' -and $_ -match 'level=(error|warn)' }) | Should -BeNullOrEmpty
    }
}
