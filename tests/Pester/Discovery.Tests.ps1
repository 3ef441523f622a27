# Get-EcsPrometheusTarget against the local emulator's demo scenario, as installed from the local
# repository. Expected values: tests/EcsDiscoverer.Emulator/Scenarios/README.md and discovery-rules.md.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Endpoint = $Emulator.Endpoint
    $script:All = @(Get-EcsPrometheusTarget -EndpointUrl $Endpoint -IncludeSkipped)
    $script:Targets = @($All | Where-Object { $_ -is [EcsDiscoverer.EcsPrometheusTarget] })
    $script:Skipped = @($All | Where-Object { $_ -is [EcsDiscoverer.EcsSkippedContainer] })
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Get-EcsPrometheusTarget: the demo scenario gives exactly the targets the rules say' {
    It '<Case>: <Job> -> <Target><Path> in <File>' -ForEach @(
        @{ Case = 'R4.4 bridge, dynamic host port, IPv4 binding preferred'; Job = 'bridge-dynamic-port'; Target = '10.0.1.10:32768'; Path = '/metrics'; File = 'tasks.json' }
        @{ Case = 'R4.3 bridge, PROMETHEUS_CONTAINER_PORT'; Job = 'bridge-container-port-select'; Target = '10.0.1.10:32771'; Path = '/metrics'; File = 'tasks.json' }
        @{ Case = 'R4.2 host mode, first port mapping'; Job = 'host-node-exporter'; Target = '10.0.1.11:9100'; Path = '/metrics'; File = 'tasks.json' }
        @{ Case = 'R4.1/R5 awsvpc on EC2, PROMETHEUS_PORT, ENI address'; Job = 'awsvpc-ec2-exporter'; Target = '10.0.1.57:9404'; Path = '/metrics'; File = 'tasks.json' }
        @{ Case = 'R4.2/R5 Fargate without port mappings'; Job = 'fargate-checkout'; Target = '10.0.2.20:80'; Path = '/metrics'; File = 'tasks.json' }
        @{ Case = 'R3 multi-container task, one marked'; Job = 'multi-container-sidecar'; Target = '10.0.1.11:32772'; Path = '/metrics'; File = 'tasks.json' }
        @{ Case = 'R6 several intervals (generic)'; Job = 'multi-endpoint-intervals'; Target = '10.0.1.10:32774'; Path = '/plain'; File = 'tasks.json' }
        @{ Case = 'R6 several intervals (30s)'; Job = 'multi-endpoint-intervals'; Target = '10.0.1.10:32774'; Path = '/mymetrics2'; File = '30s-tasks.json' }
        @{ Case = 'R6 several intervals (5m)'; Job = 'multi-endpoint-intervals'; Target = '10.0.1.10:32774'; Path = '/mymetrics'; File = '5m-tasks.json' }
        @{ Case = 'R9 custom labels'; Job = 'custom-labels-graphql'; Target = '10.0.1.11:32775'; Path = '/metrics'; File = 'tasks.json' }
        @{ Case = 'R8 PROMETHEUS_NOLABELS'; Job = 'nolabels-pushgateway'; Target = '10.0.1.10:32776'; Path = '/metrics'; File = 'tasks.json' }
    ) {
        $found = @($Targets | Where-Object { $_.Job -eq $Job -and $_.MetricsPath -eq $Path })
        $found.Count | Should -Be 1
        $found[0].Target | Should -Be $Target
        $found[0].FileName | Should -Be $File
        $found[0].Labels['__metrics_path__'] | Should -Be $Path
    }

    It 'returns no other targets (11 target groups in all)' {
        $Targets.Count | Should -Be 11
    }

    It 'R3: PROMETHEUS=false and the unmarked sidecar give neither a target nor a skip record' {
        $All | Where-Object Job -eq 'prometheus-disabled' | Should -BeNullOrEmpty
        $All | Where-Object ContainerName -eq 'log-router' | Should -BeNullOrEmpty
    }

    It 'R7: EC2 targets carry cluster, task_version, task_id, container_id and instance_id' {
        $t = $Targets | Where-Object Job -eq 'bridge-dynamic-port'
        $t.Labels['instance'] | Should -Be '10.0.1.10:32768'
        $t.Labels['cluster'] | Should -Be 'demo-ec2'
        $t.Labels['task_version'] | Should -Be '2'
        $t.Labels['instance_id'] | Should -Be 'i-0a1b2c3d4e5f60001'
        $t.Labels['container_id'] | Should -Be 'cba945fb-c9e2-4a33-8fb3-ee58ccefe5a4'
        $t.Labels['__meta_ecs_service'] | Should -Be 'web'
        $t.Labels['__meta_ecs_availability_zone'] | Should -Be 'us-east-1a'
    }

    It 'R7: the old task ARN format gives the task id too' {
        ($Targets | Where-Object Job -eq 'host-node-exporter').Labels['task_id'] | Should -Be '1e4b6a3c-7d2f-4a8e-9b0c-5d6e7f8a9b03'
    }

    It 'R7: Fargate targets have no container_id or instance_id' {
        $t = $Targets | Where-Object Job -eq 'fargate-checkout'
        $t.Labels.Contains('instance_id') | Should -BeFalse
        $t.Labels.Contains('container_id') | Should -BeFalse
        $t.Labels['__meta_ecs_launch_type'] | Should -Be 'FARGATE'
        $t.Cluster | Should -Be 'demo-fargate'
    }

    It 'R9: custom labels are added' {
        $t = $Targets | Where-Object Job -eq 'custom-labels-graphql'
        $t.Labels['api_type'] | Should -Be 'GraphQL'
        $t.Labels['team'] | Should -Be 'payments'
    }

    It 'R8: NOLABELS targets carry only the minimal label set, instance = family, and the cluster ARN as metadata' {
        $t = $Targets | Where-Object Job -eq 'nolabels-pushgateway'
        @($t.Labels.Keys) | Sort-Object | Should -Be @('__meta_ecs_cluster_arn', '__metrics_path__', 'instance', 'job', 'metrics_path')
        $t.Labels['__meta_ecs_cluster_arn'] | Should -BeLike 'arn:aws:ecs:*:cluster/demo-ec2'
        $t.Labels['instance'] | Should -Be 'nolabels-pushgateway'
    }
}

Describe 'Get-EcsPrometheusTarget -IncludeSkipped: every marked container that is not a target has its reason' {
    It '<Job> is skipped with <Reason>' -ForEach @(
        @{ Job = 'pending-task'; Reason = 'not-running' }
        @{ Job = 'missing-runtime-container'; Reason = 'no-runtime-container' }
        @{ Job = 'invalid-port'; Reason = 'invalid-port' }
        @{ Job = 'container-port-not-bound'; Reason = 'container-port-not-bound' }
    ) {
        $skip = @($Skipped | Where-Object Job -eq $Job)
        $skip.Count | Should -Be 1
        $skip[0].Reason | Should -Be $Reason
        $skip[0].Detail | Should -Not -BeNullOrEmpty
    }

    It 'returns no other skip records' {
        $Skipped.Count | Should -Be 4
    }

    It 'without -IncludeSkipped returns only targets and tells the reasons in verbose output' {
        $verbose = Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Verbose 4>&1
        @($verbose | Where-Object { $_ -is [EcsDiscoverer.EcsSkippedContainer] }).Count | Should -Be 0
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'invalid-port'
    }
}

Describe 'Get-EcsPrometheusTarget: clusters, pipeline and errors' {
    It 'wildcards select clusters (-Cluster demo-farg*)' {
        $t = @(Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster 'demo-farg*')
        $t.Count | Should -Be 1
        $t[0].Job | Should -Be 'fargate-checkout'
    }

    It 'binds clusters by property name from other objects (ClusterName)' {
        $t = @([pscustomobject]@{ ClusterName = 'demo-fargate' } | Get-EcsPrometheusTarget -EndpointUrl $Endpoint)
        $t.Job | Should -Be 'fargate-checkout'
    }

    It 'streams: Select-Object -First 1 returns one object' {
        @(Get-EcsPrometheusTarget -EndpointUrl $Endpoint | Select-Object -First 1).Count | Should -Be 1
    }

    It 'a missing cluster is a non-terminating EcsClusterNotFound error and the other clusters still answer' {
        $t = @(Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster 'no-such-cluster', 'demo-fargate' -ErrorVariable errs -ErrorAction SilentlyContinue)
        $t.Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'EcsClusterNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'no-such-cluster'
    }

    It 'when every named cluster fails the command stops with EcsDiscoveryFailed' {
        { Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster 'no-such-cluster' -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'EcsDiscoveryFailed,*'
    }

    It 'a -ProfileName that does not exist is an error, never a fall-through to other credentials' {
        { Get-EcsPrometheusTarget -EndpointUrl $Endpoint -ProfileName 'no-such-profile' -ProfileLocation (Join-Path $TestDrive 'credentials') } |
            Should -Throw -ErrorId 'AwsProfileNotFound,*'
    }

    It '-AccessKey without -SecretKey is an argument error' {
        { Get-EcsPrometheusTarget -EndpointUrl $Endpoint -AccessKey 'AKIDONLY' } | Should -Throw -ErrorId 'AwsInvalidConnectionSettings,*'
    }

    It 'an endpoint that does not answer is a ConnectionError' {
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        { Get-EcsPrometheusTarget -EndpointUrl "http://127.0.0.1:$port" -Cluster x } | Should -Throw -ErrorId 'EcsConnectionFailed,*'
    }

    It '-Debug says where the credentials and the region (-Region) came from, never the secret key or -SessionToken' {
        # -Debug on a binary cmdlet asks to continue (Inquire) in a non-interactive host; the preference does not.
        $debug = & {
            $DebugPreference = 'Continue'
            Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate -Region us-east-1 -AccessKey 'AKIDSENTINEL' -SecretKey 'SECRET-SENTINEL-123' -SessionToken 'TOKEN-SENTINEL-456' -ErrorAction Stop 5>&1
        }
        $text = ($debug | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message -join "`n"
        $text | Should -Match 'credentials from the -AccessKey/-SecretKey parameters'
        $text | Should -Match 'Region us-east-1 from the -Region parameter'
        @($debug | Where-Object { $_ -is [EcsDiscoverer.EcsPrometheusTarget] }).Count | Should -Be 1
        $text | Should -Not -Match 'SECRET-SENTINEL-123'
        $text | Should -Not -Match 'TOKEN-SENTINEL-456'
    }

    It 'Ctrl+C (PowerShell.Stop) while an AWS call is in flight returns within a second' {
        # A loopback listener that accepts connections and never answers: the call hangs until cancelled.
        $silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $silent.Start()
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module EcsDiscoverer; Get-EcsPrometheusTarget -EndpointUrl 'http://127.0.0.1:$($silent.LocalEndpoint.Port)' -Cluster x")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not $silent.Pending() -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $silent.Pending() | Should -BeTrue -Because 'the cmdlet should be waiting on its first call'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $async.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $ps.Dispose()
            $silent.Stop()
        }
    }

    It 'the table view shows the target columns' {
        $table = Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate | Format-Table | Out-String
        $table | Should -Match 'Target'
        $table | Should -Match '10\.0\.2\.20:80'
    }
}

Describe 'Objects that read well outside the console (issue 12, item 5)' {
    It 'Export-Csv writes Labels as a Prometheus label set, not as the type name' {
        $csv = Join-Path ([IO.Path]::GetTempPath()) "ecsd-labels-$([guid]::NewGuid().ToString('N')).csv"
        try {
            $Targets | Export-Csv -Path $csv
            $rows = @(Import-Csv -Path $csv)
            $rows.Count | Should -Be $Targets.Count
            foreach ($row in $rows) {
                $row.Labels | Should -Not -Match 'System\.Collections'
                $row.Labels | Should -Match ('^\{.*\bjob="' + [regex]::Escape($row.Job) + '".*\}$')
            }
        } finally {
            Remove-Item $csv -ErrorAction Ignore
        }
    }

    It 'ConvertTo-Json writes Labels as an object of names and values' {
        $json = $Targets[0] | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.Labels.job | Should -Be $Targets[0].Job
        $json.Labels.cluster | Should -Be $Targets[0].Cluster
    }

    It 'Labels stays an ordered dictionary that scripts index and edit' {
        $target = $Targets[0]
        $target.Labels | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
        $target.Labels['job'] | Should -Be $target.Job
        $copy = (Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate)[0]
        $copy.Labels['team'] = 'a "quoted" name'
        "$($copy.Labels)" | Should -Match 'team="a \\"quoted\\" name"'
    }

    It 'the default target table fits 120 columns, Target first, with no wrapped or cut header' {
        $lines = @(($Targets | Format-Table | Out-String -Width 120) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
        $lines[0] | Should -Match '^Target\s+Job\s+MetricsPath\s+Interval\s+Cluster\s+Container\s+Network$'
        $lines[1] | Should -Match '^-+(\s+-+){6}$'
        $lines.Count | Should -Be ($Targets.Count + 2)
        # No value of the demo scenario is cut short at 120 columns.
        $lines | Should -Not -Match ([char]0x2026)
    }

    It 'at 80 columns the target table drops trailing columns rather than wrapping them' {
        $lines = @(($Targets | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match '^Target\s+Job\s+MetricsPath\s+Interval\s+Cluster$'
        $lines.Count | Should -Be ($Targets.Count + 2)
    }

    It 'the skipped-container table fits 120 columns with the reason before the detail' {
        $lines = @(($Skipped | Format-Table | Out-String -Width 120) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
        $lines[0] | Should -Match '^Job\s+Container\s+Reason\s+Cluster\s+Detail$'
        $lines.Count | Should -Be ($Skipped.Count + 2)
    }
}
