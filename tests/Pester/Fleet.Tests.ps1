# R17, the whole fleet from one process, against moto (the third-party AWS emulator) as installed from the local
# repository: roles of two member accounts assumed with STS at the one -EndpointUrl that also serves ECS and EC2,
# two regions, the same cluster name "prod" in every account-region, and a role the hub user may not assume.
# moto is seeded by the xunit fleet fixture's script (tests/EcsDiscoverer.Engine.Tests/Wire/seed_moto_fleet.py, whose
# notes say what moto does with assumed roles); then its IAM checks are on, for STS as for ECS and EC2.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force

    $port = Get-FreePort
    $script:MotoUrl = "http://127.0.0.1:$port"
    $script:MotoLog = Join-Path ([IO.Path]::GetTempPath()) "ecsd-moto-fleet-$([guid]::NewGuid().ToString('N')).out"
    $script:Moto = Start-Process -FilePath 'python3' -ArgumentList @('-m', 'moto.server', '-H', '127.0.0.1', '-p', $port) `
        -RedirectStandardOutput $MotoLog -RedirectStandardError "$MotoLog.err" -PassThru -NoNewWindow
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ($true) {
        try {
            Invoke-RestMethod -Uri "$MotoUrl/moto-api/state-manager/get-transition?model_name=ecs::task" -TimeoutSec 5 | Out-Null
            break
        } catch {
            if ($Moto.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                throw "moto did not start on $MotoUrl (needs python3 with moto[server] 5.x and boto3): $(Get-Content -Raw "$MotoLog.err" -ErrorAction Ignore)"
            }
            Start-Sleep -Milliseconds 100
        }
    }

    # moto's default task transition would report every task STOPPED once described: keep them RUNNING.
    $transition = '{"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1000000}}'
    Invoke-RestMethod -Method Post -Uri "$MotoUrl/moto-api/state-manager/set-transition" -Body $transition -ContentType 'application/json' | Out-Null

    $seedScript = Join-Path $PSScriptRoot '../EcsDiscoverer.Engine.Tests/Wire/seed_moto_fleet.py'
    $seedJson = & python3 $seedScript $MotoUrl
    if ($LASTEXITCODE -ne 0) { throw "seed_moto_fleet.py failed with exit code $LASTEXITCODE" }
    $script:Seed = $seedJson | ConvertFrom-Json

    # From now on every request must be signed by a known key whose policy allows it. text/plain: moto reads the raw body.
    Invoke-RestMethod -Method Post -Uri "$MotoUrl/moto-api/reset-auth" -Body '0' -ContentType 'text/plain' | Out-Null

    $script:Hub = @{ EndpointUrl = $MotoUrl; AccessKey = $Seed.hub.accessKey; SecretKey = $Seed.hub.secretKey }
    $script:Regions = 'us-east-1', 'eu-west-1'
    $script:AllScopes = @($Seed.scopes | ForEach-Object { "$($_.account)|$($_.region)|$($_.address)" } | Sort-Object)
}

AfterAll {
    if ($script:Moto) { Stop-Process -Id $script:Moto.Id -Force -ErrorAction Ignore }
}

Describe 'R17: Get-EcsPrometheusTarget -RoleArn -Region covers every account-region' {
    It 'returns the target of each of the four account-regions with its Account and Region' {
        $targets = @(Get-EcsPrometheusTarget @Hub -Region $Regions -RoleArn $Seed.memberRoleArns)

        @($targets | ForEach-Object { "$($_.Account)|$($_.Region)|$($_.Target)" } | Sort-Object) | Should -Be $AllScopes
        $targets | ForEach-Object {
            $_.Labels['__meta_ecs_account_id'] | Should -Be $_.Account
            $_.Labels['__meta_ecs_region'] | Should -Be $_.Region
            $_.Labels['cluster'] | Should -Be 'prod'
        }
    }

    It '-ExternalId, -RoleSessionName and -ScopeLabels reach the run; the external id is never shown' {
        $externalId = "xid-$([guid]::NewGuid().ToString('N'))"
        $records = & {
            $DebugPreference = 'Continue'
            Get-EcsPrometheusTarget @Hub -Region us-east-1 -RoleArn $Seed.memberRoleArns[0] -ExternalId $externalId -RoleSessionName pester-fleet -ScopeLabels 5>&1
        }
        $text = ($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message -join "`n"
        $text | Should -Match 'EXTERNAL_ID = \(set\) \(parameter -ExternalId\)'
        $text | Should -Match 'ROLE_SESSION_NAME = pester-fleet \(parameter -RoleSessionName\)'
        $text | Should -Not -Match $externalId
        $target = @($records | Where-Object { $_ -is [EcsDiscoverer.EcsPrometheusTarget] })
        $target.Count | Should -Be 1
        $target[0].Labels['account_id'] | Should -Be $target[0].Account
        $target[0].Labels['region'] | Should -Be 'us-east-1'
    }

    It 'a denied role: an error per region names its scope, and the other targets are still returned' {
        $roles = @($Seed.memberRoleArns) + $Seed.deniedRoleArn
        $targets = @(Get-EcsPrometheusTarget @Hub -Region $Regions -RoleArn $roles -ErrorVariable failures -ErrorAction SilentlyContinue)

        @($targets | ForEach-Object { "$($_.Account)|$($_.Region)|$($_.Target)" } | Sort-Object) | Should -Be $AllScopes
        $denied = @($failures | Where-Object { "$_" -like "*$($Seed.deniedRoleArn)*" })
        $denied.Count | Should -Be 2
        foreach ($region in $Regions) {
            @($denied | Where-Object { "$_" -like "*region $region*" }).Count | Should -Be 1
        }
        @($failures | Where-Object { "$_" -like '*111111111111*' -or "$_" -like '*222222222222*' }) | Should -BeNullOrEmpty
    }
}

Describe 'R17: Export-EcsFileSd -Scope and the loop with SCOPE_LABELS' {
    It 'Export-EcsFileSd -Scope writes the groups of exactly the scopes named, with account and region meta labels' {
        $dir = Join-Path $TestDrive 'export'
        $scopes = @(
            @{ RoleArn = $Seed.memberRoleArns[0]; Regions = 'us-east-1' }
            @{ RoleArn = $Seed.memberRoleArns[1]; Regions = 'us-east-1', 'eu-west-1' }
        )
        Export-EcsFileSd -Path $dir @Hub -Scope $scopes

        $groups = Get-FileSdGroups (Join-Path $dir 'tasks.json')
        $expected = @($Seed.scopes | Where-Object { $_.account -eq '222222222222' -or $_.region -eq 'us-east-1' } |
            ForEach-Object { "$($_.account)|$($_.region)|$($_.address)" } | Sort-Object)
        $expected.Count | Should -Be 3
        @($groups | ForEach-Object { "$($_.labels.__meta_ecs_account_id)|$($_.labels.__meta_ecs_region)|$($_.targets[0])" } | Sort-Object) | Should -Be $expected
        # SCOPE_LABELS is off by default: no visible account_id or region label.
        $groups | ForEach-Object { $_.labels.PSObject.Properties.Name | Should -Not -Contain 'account_id' }
    }

    It 'Start-EcsDiscoveryLoop with SCOPES and SCOPE_LABELS in its settings file writes visible account_id and region labels' {
        $dir = Join-Path $TestDrive 'loop'
        $settings = Join-Path $TestDrive 'fleet.psd1'
        @"
@{
    OUTPUT_DIRECTORY = '$dir'
    ENDPOINT_URL = '$MotoUrl'
    SCOPE_LABELS = `$true
    SCOPES = @(
        @{ Name = 'first'; RoleArn = '$($Seed.memberRoleArns[0])'; Regions = 'us-east-1', 'eu-west-1' }
        @{ Name = 'second'; RoleArn = '$($Seed.memberRoleArns[1])'; Regions = 'eu-west-1' }
    )
}
"@ | Set-Content -Path $settings

        Start-EcsDiscoveryLoop -ConfigurationPath $settings -AccessKey $Seed.hub.accessKey -SecretKey $Seed.hub.secretKey -MaxRounds 1 -NoMetricsServer -NoWarmupThrottle -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings | Should -BeNullOrEmpty
        $groups = Get-FileSdGroups (Join-Path $dir 'tasks.json')
        $expected = @($Seed.scopes | Where-Object { $_.account -eq '111111111111' -or $_.region -eq 'eu-west-1' } |
            ForEach-Object { "$($_.account)|$($_.region)|$($_.address)" } | Sort-Object)
        $expected.Count | Should -Be 3
        @($groups | ForEach-Object { "$($_.labels.account_id)|$($_.labels.region)|$($_.targets[0])" } | Sort-Object) | Should -Be $expected
        $groups | ForEach-Object { $_.labels.account_id | Should -Be $_.labels.__meta_ecs_account_id }
    }
}
