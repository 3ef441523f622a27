# Event-driven discovery (issue 14, R18) through the installed module, as a user runs it: Start-EcsDiscoveryLoop
# -EventQueueUrl in a pwsh process of its own, reading an SQS queue of the emulator that gets the ECS task state change
# events of its account and region, with a real Prometheus reading the files in the first test. Each test reads a
# queue of its own, created just before its loop starts, so that no loop sees another test's events.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Logs = Join-Path $TestDrive 'logs'
    New-Item -ItemType Directory -Path $Logs | Out-Null
    # One cluster, one EC2 instance, one task definition marked for Prometheus, one task (tagged) running from the start.
    $scenario = @'
{
  "region": "us-east-1",
  "instances": [ { "instanceId": "i-0e1e2e3e4e5e60001", "privateIpAddress": "10.0.9.10", "availabilityZone": "us-east-1a" } ],
  "taskDefinitions": [ { "family": "web", "revision": 1, "networkMode": "bridge",
      "containerDefinitions": [ { "name": "app", "image": "nginx",
          "environment": [ { "name": "PROMETHEUS", "value": "true" } ],
          "portMappings": [ { "containerPort": 8080, "hostPort": 0 } ] } ] } ],
  "clusters": [ { "name": "events",
      "containerInstances": [ { "id": "ci-1", "ec2InstanceId": "i-0e1e2e3e4e5e60001" } ],
      "tasks": [ { "id": "t-1", "taskDefinition": "web:1", "containerInstance": "ci-1", "launchType": "EC2", "tags": [ { "key": "team", "value": "payments" } ],
          "containers": [ { "name": "app", "networkBindings": [ { "bindIP": "0.0.0.0", "containerPort": 8080, "hostPort": 32768 } ] } ] } ] } ]
}
'@
    $scenarioPath = Join-Path $TestDrive 'events-scenario.json'
    Set-Content -Path $scenarioPath -Value $scenario
    $script:Emulator = Start-TestEmulator -Scenario $scenarioPath
    $script:Endpoint = $Emulator.Endpoint
    $script:Loops = [Collections.Generic.List[object]]::new()

    # A queue subscribed to the account and region's task state changes; its URL.
    function New-EventQueue([string] $Name) {
        (Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/queues" -ContentType 'application/json' `
            -Body (@{ name = $Name; ecsEvents = $true } | ConvertTo-Json)).queueUrl
    }
    # RunTasks on ci-1: the task ARNs (an array, one or more). Each start sends one RUNNING event to the event queues.
    function Start-EmulatedTask([int] $Count = 1) {
        , [string[]]@((Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/clusters/events/tasks" -ContentType 'application/json' `
            -Body (@{ count = $Count; taskDefinition = 'web:1'; containerInstance = 'ci-1' } | ConvertTo-Json)).taskArns)
    }
    function Stop-EmulatedTask([string] $TaskArn) {
        Invoke-RestMethod -Method Delete -Uri "$Endpoint/_emulator/clusters/events/tasks/$(($TaskArn -split '/')[-1])" | Out-Null
    }
    function Get-ListTasksCount { $calls = Get-EmulatorCallCount $Emulator; [int]$calls.'ecs:ListTasks' }
    function Set-QueueAccess([string] $Queue, [ValidateSet('deny', 'allow')] [string] $Access) {
        Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/queues/$Access" -ContentType 'application/json' -Body (@{ queue = $Queue } | ConvertTo-Json) | Out-Null
    }

    # Start-TestLoopProcess with the event parameters; credentials and region come from the suite's environment.
    function Start-EventLoopProcess {
        param([string] $Name, [string] $Path, [string] $QueueUrl, [string] $Interval, [string] $ReconcileInterval)
        $loop = Start-TestLoopProcess -Name $Name -Path $Path -EndpointUrl $Endpoint -Port (Get-FreePort) -LogDirectory $Logs -Interval $Interval `
            -ExtraArguments "-EventQueueUrl '$QueueUrl' -ReconcileInterval $ReconcileInterval"
        $Loops.Add($loop)
        $loop
    }
    function Get-LoopLog($Loop) {
        (Get-Content -Raw (Join-Path $Logs "loop-$($Loop.Name).out") -ErrorAction Ignore) + (Get-Content -Raw (Join-Path $Logs "loop-$($Loop.Name).err") -ErrorAction Ignore)
    }
    # The loop's /metrics as name{labels} -> value (the scope label left in: one scope here).
    function Get-LoopMetric($Loop) {
        $series = @{}
        foreach ($line in (Invoke-RestMethod -Uri "$($Loop.Uri)/metrics" -TimeoutSec 5) -split "`n") {
            if ($line -match '^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$') {
                $name, $labels, $value = $Matches[1], $Matches[2], [double]$Matches[3]
                if ($labels -match 'reason="([^"]+)"') { $name += "{reason=$($Matches[1])}" }
                $series[$name] = $value
            }
        }
        $series
    }
    # Waits until the loop's first round is written and its queue answered (event mode 1); throws with its log.
    function Wait-EventMode($Loop, [int] $Mode = 1, [double] $Seconds = 40) {
        try {
            Wait-Until {
                if ($Loop.Process.HasExited) { throw "the loop process exited with $($Loop.Process.ExitCode)" }
                try { (Get-LoopMetric $Loop)['ecs_discoverer_event_mode'] -eq $Mode } catch [System.Net.Http.HttpRequestException] { $false }
            } -Seconds $Seconds
        } catch {
            throw "Loop $($Loop.Name) did not reach event mode $Mode ($_): $(Get-LoopLog $Loop)"
        }
    }
    # The task ARNs in the loop's tasks.json.
    function Get-FileTaskArn($Loop) {
        $file = Join-Path $Loop.Path 'tasks.json'
        if (-not (Test-Path $file)) { return @() }
        @(Get-FileSdGroups $file | ForEach-Object { $_.labels.'__meta_ecs_task_arn' } | Sort-Object -Unique)
    }
    function Wait-FileTaskArn($Loop, [scriptblock] $Condition, [double] $Seconds = 20) {
        # A variable, so that an empty list reaches the condition as an empty array, not as $null.
        try { Wait-Until { $arns = [string[]]@(Get-FileTaskArn $Loop); & $Condition $arns } -Seconds $Seconds }
        catch { throw "tasks.json of loop $($Loop.Name) did not get there: $((Get-FileTaskArn $Loop) -join ', '); $(Get-LoopLog $Loop)" }
    }
    # An SQS SendMessage to the emulator, signed as the emulator reads it (dummy key, region us-east-1, not verified).
    function Send-QueueMessage([string] $QueueUrl, [string] $Body) {
        $headers = @{ 'X-Amz-Target' = 'AmazonSQS.SendMessage'
            Authorization = "AWS4-HMAC-SHA256 Credential=$env:AWS_ACCESS_KEY_ID/$([DateTime]::UtcNow.ToString('yyyyMMdd'))/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00" }
        Invoke-RestMethod -Method Post -Uri "$Endpoint/" -Headers $headers -ContentType 'application/x-amz-json-1.0' `
            -Body (@{ QueueUrl = $QueueUrl; MessageBody = $Body } | ConvertTo-Json -Compress) | Out-Null
    }
}

AfterAll {
    foreach ($loop in $script:Loops) { Stop-TestLoopProcess $loop }
    Stop-TestPrometheus $script:Prometheus
    Stop-TestEmulator $script:Emulator
}

Describe 'Start-EcsDiscoveryLoop -EventQueueUrl' {
    It 'R18.4: a real Prometheus sees a started task within seconds of its event, without a listing; and loses a stopped one' {
        $queue = New-EventQueue 'prometheus-events'
        # The directory exists before Prometheus starts, so that file_sd's own file watch sees the writes.
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'prometheus') | Select-Object -ExpandProperty FullName
        $script:Prometheus = Start-TestPrometheus -TargetsDirectory $dir -FileNames 'tasks.json'
        # Ten minutes between listings: only an event can explain a change within seconds.
        $loop = Start-EventLoopProcess -Name 'prometheus' -Path $dir -QueueUrl $queue -Interval 10m -ReconcileInterval 10m
        Wait-EventMode $loop
        Wait-FileTaskArn $loop { param($arns) @($arns).Count -eq 1 }
        $null = Wait-PrometheusActiveTarget $Prometheus { param($t) $t.Count -eq 1 } -TimeoutSeconds 30
        Reset-EmulatorCallCount $Emulator

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $task = Start-EmulatedTask
        Wait-FileTaskArn $loop { param($arns) $task[0] -in $arns }
        $toFile = $clock.Elapsed.TotalSeconds
        $targets = Wait-PrometheusActiveTarget $Prometheus { param($t) $task[0] -in $t.discoveredLabels.'__meta_ecs_task_arn' } -TimeoutSeconds 30
        $toPrometheus = $clock.Elapsed.TotalSeconds
        Write-Host ('    event -> tasks.json {0:0.00} s, event -> Prometheus /api/v1/targets {1:0.00} s' -f $toFile, $toPrometheus)
        @($targets).Count | Should -Be 2
        $toPrometheus | Should -BeLessThan 10
        $calls = Get-EmulatorCallCount $Emulator
        [int]$calls.'ecs:ListTasks' | Should -Be 0
        [int]$calls.'ecs:ListClusters' | Should -Be 0
        [int]$calls.'sqs:DeleteMessageBatch' + [int]$calls.'sqs:DeleteMessage' | Should -BeGreaterThan 0 -Because 'the message is deleted once written'

        $clock.Restart()
        Stop-EmulatedTask $task[0]
        $targets = Wait-PrometheusActiveTarget $Prometheus { param($t) $task[0] -notin $t.discoveredLabels.'__meta_ecs_task_arn' } -TimeoutSeconds 30
        Write-Host ('    stop event -> gone from Prometheus {0:0.00} s' -f $clock.Elapsed.TotalSeconds)
        @($targets).Count | Should -Be 1
        Get-FileTaskArn $loop | Should -Not -Contain $task[0]
        [int](Get-EmulatorCallCount $Emulator).'ecs:ListTasks' | Should -Be 0
        $metrics = Get-LoopMetric $loop
        $metrics['ecs_discoverer_events_applied_total'] | Should -Be 2
        $metrics['ecs_discoverer_event_to_write_seconds_count'] | Should -BeGreaterOrEqual 2
        Stop-TestLoopProcess $loop
        Stop-TestPrometheus $script:Prometheus
        $script:Prometheus = $null
    }

    It 'R18.5: events that never arrive are repaired by the next reconciliation, and counted as its corrections' {
        $queue = New-EventQueue 'reconcile-events'
        $loop = Start-EventLoopProcess -Name 'reconcile' -Path (Join-Path $TestDrive 'reconcile') -QueueUrl $queue -Interval 10m -ReconcileInterval 3s
        Wait-EventMode $loop
        Wait-FileTaskArn $loop { param($arns) @($arns).Count -ge 1 }
        $before = @(Get-FileTaskArn $loop)
        $corrections = (Get-LoopMetric $loop)['ecs_discoverer_reconciliation_corrections_total']

        Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/events/drop" -ContentType 'application/json' -Body '{"count":3}' | Out-Null
        $tasks = Start-EmulatedTask -Count 3
        (Invoke-RestMethod -Uri "$Endpoint/_emulator/events").dropped | Should -BeGreaterOrEqual 3
        Wait-FileTaskArn $loop { param($arns) @($tasks | Where-Object { $_ -notin $arns }).Count -eq 0 } -Seconds 15
        @(Get-FileTaskArn $loop).Count | Should -Be ($before.Count + 3)
        $metrics = Get-LoopMetric $loop
        ($metrics['ecs_discoverer_reconciliation_corrections_total'] - $corrections) | Should -BeGreaterOrEqual 3
        $metrics['ecs_discoverer_reconciliations_total'] | Should -BeGreaterOrEqual 1
        $metrics['ecs_discoverer_events_applied_total'] | Should -Be 0 -Because 'the three events were lost'
        Get-LoopLog $loop | Should -Match 'reconciliation: \d+ correction'
        Stop-TestLoopProcess $loop
        foreach ($task in $tasks) { Stop-EmulatedTask $task }
    }

    It 'R18.5: a denied queue falls back to polling every interval with a warning, and events take over again when it answers' {
        $queue = New-EventQueue 'denied-events'
        $loop = Start-EventLoopProcess -Name 'denied' -Path (Join-Path $TestDrive 'denied') -QueueUrl $queue -Interval 1s -ReconcileInterval 10m
        Wait-EventMode $loop
        Wait-FileTaskArn $loop { param($arns) @($arns).Count -ge 1 }

        Set-QueueAccess 'denied-events' deny
        # A task's event ends the reader's pending long poll (20 s) at once; its next receive is refused.
        $during = Start-EmulatedTask
        Wait-EventMode $loop -Mode 0 -Seconds 15
        Wait-Until { (Get-LoopLog $loop) -match 'WARNING: The event queue \S+/denied-events of .* cannot be read' } -Seconds 10
        Wait-FileTaskArn $loop { param($arns) $during[0] -in $arns }
        Reset-EmulatorCallCount $Emulator
        Start-Sleep -Seconds 3
        Get-ListTasksCount | Should -BeGreaterOrEqual 2 -Because 'the cluster is listed every 1 s interval while the queue cannot be read'
        (Get-LoopMetric $loop)['ecs_discoverer_event_mode'] | Should -Be 0

        Set-QueueAccess 'denied-events' allow
        Wait-EventMode $loop -Mode 1 -Seconds 15
        Wait-Until { (Get-LoopLog $loop) -match 'WARNING: The event queue \S+/denied-events of .* answers again' } -Seconds 10
        # The one listing after the outage, then none: the reconcile interval is ten minutes.
        Start-Sleep -Seconds 1.5
        Reset-EmulatorCallCount $Emulator
        Start-Sleep -Seconds 3
        Get-ListTasksCount | Should -Be 0
        $after = Start-EmulatedTask
        Wait-FileTaskArn $loop { param($arns) $after[0] -in $arns } -Seconds 10
        Get-ListTasksCount | Should -Be 0 -Because 'the new task came from its event'
        ([regex]::Matches((Get-LoopLog $loop), 'WARNING: [^\n]*cannot be read')).Count | Should -Be 1 -Because 'one warning when the queue stops answering'
        Stop-TestLoopProcess $loop
        foreach ($task in $during + $after) { Stop-EmulatedTask $task }
    }

    It 'R18.1: malformed messages are counted, deleted and logged once, and the loop keeps reading events' {
        $queue = New-EventQueue 'malformed-events'
        $loop = Start-EventLoopProcess -Name 'malformed' -Path (Join-Path $TestDrive 'malformed') -QueueUrl $queue -Interval 10m -ReconcileInterval 10m
        Wait-EventMode $loop
        Wait-FileTaskArn $loop { param($arns) @($arns).Count -ge 1 }

        Send-QueueMessage $queue 'this is not JSON'
        Send-QueueMessage $queue '{"version":"0","source":"aws.ecs","detail-type":"ECS Task State Change","detail":{"lastStatus":"RUNNING"}}'
        Send-QueueMessage $queue '[1, 2, 3]'
        Wait-Until { (Get-LoopMetric $loop)['ecs_discoverer_events_ignored_total{reason=malformed}'] -ge 3 } -Seconds 15
        (Get-LoopMetric $loop)['ecs_discoverer_events_ignored_total{reason=malformed}'] | Should -Be 3
        $loop.Process.HasExited | Should -BeFalse
        $task = Start-EmulatedTask
        Wait-FileTaskArn $loop { param($arns) $task[0] -in $arns } -Seconds 10
        ([regex]::Matches((Get-LoopLog $loop), 'WARNING: [^\n]*set aside as malformed')).Count | Should -Be 1 -Because 'a warning once, then only counted'
        # Every message deleted: the malformed ones at once, the task's event once its target was written.
        $queued = { $all = Invoke-RestMethod -Uri "$Endpoint/_emulator/queues"; $all | Where-Object { $_.name -eq 'malformed-events' } }
        try { Wait-Until { $q = & $queued; $q -and $q.visible + $q.notVisible -eq 0 } -Seconds 10 }
        catch { throw "The queue still holds messages: $(& $queued | ConvertTo-Json -Compress); $(Get-LoopLog $loop)" }
        Stop-TestLoopProcess $loop
        Stop-EmulatedTask $task[0]
    }

    It 'R18.3: with a queue, task tags are read only with -EventTaskTags; -ReconcileInterval and -EventTaskTags reach their settings' -ForEach @(
        @{ Name = 'without'; TaskTags = $false }, @{ Name = 'with'; TaskTags = $true }
    ) {
        $queue = New-EventQueue "tags-$Name"
        $dir = Join-Path $TestDrive "tags-$Name"
        # The process's caches would hand the second run the first run's tasks, described with or without their tags.
        Clear-EcsDiscoveryCache
        $verbose = Start-EcsDiscoveryLoop -Path $dir -EndpointUrl $Endpoint -EventQueueUrl $queue -ReconcileInterval 7m -EventTaskTags:$TaskTags `
            -MaxRounds 1 -NoMetricsServer -NoWarmupThrottle -Verbose 4>&1
        $text = ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $text | Should -Match 'RECONCILE_INTERVAL = 7m \(parameter -ReconcileInterval\)'
        $text | Should -Match "EVENT_TASK_TAGS = $($TaskTags.ToString().ToLowerInvariant()) \((parameter -EventTaskTags|default)\)"
        $file = Get-Content -Raw (Join-Path $dir 'tasks.json')
        $file | Should -Match '"__meta_ecs_task_arn"'
        if ($TaskTags) { $file | Should -Match '"__meta_ecs_tag_task_team": "payments"' }
        else { $file | Should -Not -Match '__meta_ecs_tag_task_' -Because 'events carry no tags, so without -EventTaskTags no task''s tags are read' }
    }
}
