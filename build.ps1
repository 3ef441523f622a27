#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the EcsDiscoverer module.

.DESCRIPTION
    Tasks:
      build    (default) compile the engine and cmdlets and assemble the module under out/module/EcsDiscoverer,
               and the updatable help under out/help (what HelpInfoURI serves: HelpInfo.xml and the help archive)
      test     build, then run every suite (xunit, then Pester against the module installed from a
               local PSResource repository) and print one line 'N passed, N failed'
      package  build, then publish the module to the folder repository out/repo, and check the manifest
               (Test-ModuleManifest, the gallery's metadata) and the package's files
      publish  package (with its checks), then Publish-PSResource to
               -Repository (a registered PSResource repository such as PSGallery) with -ApiKey. Never part of CI
      demo     build, start the local ECS emulator on loopback with a sample cluster, show
               Get-EcsPrometheusTarget, write the files to out/demo/targets and print them
      benchmark build, then measure the API calls of cold, steady and cron rounds for 1,200 tasks in
               3 clusters against the emulator with ECS-like rate limits, and print them.
               With -Scale: the scale benchmark (tests/Benchmarks/Invoke-ScaleBenchmark.ps1) for 1,000,
               10,000 and 30,000 tasks (-Sizes) with 20 ms per call: steady calls and round time, cold
               round time, RSS after 10 rounds and after a soak of -SoakRounds rounds (default 200, at
               10,000 tasks), the engine's increment over an idle pwsh; JSON lines in out/benchmark.
               -RecipeEnvironment measures with the container recipe's runtime settings.
               Takes long (about an hour with the defaults); never part of CI.
               With -Fleet: the fleet benchmark (tests/Benchmarks/Invoke-FleetBenchmark.ps1): one loop over
               -Accounts (5) x -Regions (4) account-regions and -Tasks (20,000) tasks, a hub assuming a role in
               each account: cold and steady round time, RSS, each scope's steady calls against its listing
               floor (fails when any differs), targets at /targets, and the time from a task starting to
               /targets; -Rounds steady rounds (6) at -Interval (10s); -NoWarmupThrottle. A few minutes
               With -Events: the event benchmark (tests/Benchmarks/Invoke-EventBenchmark.ps1): two emulators
               with the same -Tasks (10,000) tasks churning -ChurnPercent (1) % a minute, one loop reading
               their ECS task state change events from SQS (-ReconcileInterval 5m), one polling every
               -Interval (15s); ECS calls a minute of each, and the time from each task event to the files
               (median, p90, p99). -Minutes (15) of churn after the cold rounds; never in CI
      clean    remove out/ and every bin/ and obj/ folder

    Run it with the pinned PowerShell: dotnet tool restore && dotnet pwsh ./build.ps1 <task>
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'package', 'publish', 'demo', 'benchmark', 'clean')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # benchmark: the scale benchmark instead of the call-budget one.
    [switch] $Scale,

    # benchmark -Scale: the task counts, e.g. 1000,10000 (strings: pwsh -File would read "1000,10000" as one number).
    [string[]] $Sizes,

    # benchmark -Scale: rounds of the memory soak at 10,000 tasks (default 200; 0 skips it).
    [int] $SoakRounds = -1,

    # benchmark -Scale: run the measured processes with the container recipe's runtime settings (docs/deploy/Dockerfile).
    [switch] $RecipeEnvironment,

    # benchmark: the fleet benchmark (many account-regions, http_sd) instead of the call-budget one.
    [switch] $Fleet,

    # benchmark -Fleet: the fleet's accounts, regions per account, tasks in all, steady rounds and loop interval.
    [int] $Accounts = 5,
    [int] $Regions = 4,
    [int] $Tasks = 20000,
    [int] $Rounds = 6,
    [string] $Interval = '10s',

    # benchmark -Fleet: run the loop without the warm-up throttle of its cold round.
    [switch] $NoWarmupThrottle,

    # benchmark: the event benchmark (an event-driven loop against a polling one, under churn) instead of the call-budget one.
    [switch] $Events,

    # benchmark -Events: minutes of churn measured, the share of -Tasks (default 10,000 here) replaced a minute, and
    # the events loop's RECONCILE_INTERVAL; -Interval (default 15s here) is the polling loop's.
    [double] $Minutes = 15,
    [double] $ChurnPercent = 1,
    [string] $ReconcileInterval = '5m',

    # publish: the registered PSResource repository to push to, e.g. PSGallery.
    [string] $Repository,

    # publish: the repository's API key.
    [string] $ApiKey
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
# What the command line gave (inside a function $PSBoundParameters is the function's).
$ScriptBoundParameters = $PSBoundParameters

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleName = 'EcsDiscoverer'
$ModuleOut = Join-Path $Out "module/$ModuleName"
$RepoOut = Join-Path $Out 'repo'
$HelpOut = Join-Path $Out 'help'
$CacheDir = Join-Path $Root '.cache'
$PesterVersion = '5.7.1'
$EmulatorProject = Join-Path $Root 'tests/EcsDiscoverer.Emulator/EcsDiscoverer.Emulator.csproj'
$EmulatorDll = Join-Path $Root "tests/EcsDiscoverer.Emulator/bin/$Configuration/net10.0/EcsDiscoverer.Emulator.dll"
$DemoScenario = Join-Path $Root 'tests/EcsDiscoverer.Emulator/Scenarios/demo.json'

# Tests and the demo must never reach real AWS or the instance metadata service.
function Set-OfflineAwsEnvironment {
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_ACCESS_KEY_ID = 'AKIDEXAMPLEDUMMY'
    $env:AWS_SECRET_ACCESS_KEY = 'dummy-secret-for-local-emulator'
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $Out 'no-aws-credentials'
    $env:AWS_CONFIG_FILE = Join-Path $Out 'no-aws-config'
}

# A simple function (no param block) so that dotnet's own switches such as -o and -c pass through.
function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $Root "$ModuleName.psd1")).ModuleVersion
}

function Invoke-Build {
    $publish = Join-Path $Out 'publish'
    Remove-Item $publish, $ModuleOut -Recurse -Force -ErrorAction Ignore
    Invoke-Dotnet publish (Join-Path $Root 'src/EcsDiscoverer/EcsDiscoverer.csproj') -c $Configuration -o $publish --nologo -v quiet

    # The cmdlet assembly stands alone at the root; the engine and every library it needs go under
    # Dependencies/, loaded into a private AssemblyLoadContext (see powershell-module-guide.md).
    $dependencies = New-Item -ItemType Directory -Force -Path (Join-Path $ModuleOut 'Dependencies')
    Copy-Item (Join-Path $publish "$ModuleName.dll") $ModuleOut
    Get-ChildItem $publish -Filter '*.dll' | Where-Object Name -ne "$ModuleName.dll" | Copy-Item -Destination $dependencies
    Copy-Item (Join-Path $Root "$ModuleName.psd1") $ModuleOut
    Copy-Item (Join-Path $Root 'module/*') $ModuleOut -Recurse
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut -ErrorAction Ignore

    # Help: markdown in docs/help + Get-Command metadata -> MAML. A child process, so this session
    # never loads the module (and can rebuild it).
    $help = Join-Path $Root 'build/New-EcsDiscovererHelp.ps1'
    Invoke-ChildPwsh -File $help -ModulePath (Join-Path $ModuleOut "$ModuleName.psd1") `
        -MarkdownPath (Join-Path $Root 'docs/help') -OutputPath (Join-Path $ModuleOut 'en-US') | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Help generation failed (exit code $LASTEXITCODE)." }
    New-UpdatableHelp
    Write-Host "Module assembled in $ModuleOut"
}

# Updatable help, named as Update-Help and Save-Help look for it at the manifest's HelpInfoURI (or in
# Update-Help -SourcePath): <Module>_<GUID>_HelpInfo.xml, and per culture <Module>_<GUID>_<culture>_HelpContent.zip
# with the culture folder's files at its root. PowerShell 7 on Linux and macOS asks for .zip; on Windows
# it asks for .cab, which this build does not make.
function New-UpdatableHelp {
    $manifest = Import-PowerShellDataFile (Join-Path $ModuleOut "$ModuleName.psd1")
    $prefix = "${ModuleName}_$($manifest.GUID)"
    $culture = 'en-US'
    Remove-Item $HelpOut -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Force -Path $HelpOut | Out-Null
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [IO.Compression.ZipFile]::CreateFromDirectory((Join-Path $ModuleOut $culture), (Join-Path $HelpOut "${prefix}_${culture}_HelpContent.zip"))
    # Update-Help installs a culture only when this version is newer than the installed one (or with -Force).
    $v = [version]$manifest.ModuleVersion
    $helpVersion = [version]::new($v.Major, $v.Minor, [Math]::Max($v.Build, 0), [Math]::Max($v.Revision, 0))
    Set-Content -Path (Join-Path $HelpOut "${prefix}_HelpInfo.xml") -Encoding utf8NoBOM -Value @"
<?xml version="1.0" encoding="utf-8"?>
<HelpInfo xmlns="http://schemas.microsoft.com/powershell/help/2010/05">
  <HelpContentURI>$([Security.SecurityElement]::Escape($manifest.HelpInfoURI))</HelpContentURI>
  <SupportedUICultures>
    <UICulture>
      <UICultureName>$culture</UICultureName>
      <UICultureVersion>$helpVersion</UICultureVersion>
    </UICulture>
  </SupportedUICultures>
</HelpInfo>
"@
}

# The command that starts this same PowerShell: as a .NET tool the process is 'dotnet' running pwsh.dll.
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    return @($process)
}

function Invoke-ChildPwsh {
    $command = Get-PwshCommand
    & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive @args
}

function Build-TestProjects {
    Invoke-Dotnet build $EmulatorProject -c $Configuration --nologo -v quiet '-clp:NoSummary'
    Invoke-Dotnet build (Join-Path $Root 'tests/EcsDiscoverer.Engine.Tests/EcsDiscoverer.Engine.Tests.csproj') -c $Configuration --nologo -v quiet '-clp:NoSummary'
}

function Invoke-Package {
    Remove-Item $RepoOut -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Force -Path $RepoOut | Out-Null
    $repoName = "EcsDiscovererBuild$PID"
    Register-PSResourceRepository -Name $repoName -Uri $RepoOut -Trusted
    try {
        Publish-PSResource -Path $ModuleOut -Repository $repoName
    } finally {
        Unregister-PSResourceRepository -Name $repoName
    }
    Write-Host "Published $ModuleName $(Get-ModuleVersion) to $RepoOut"
    Test-ModulePackage
}

# What a gallery would refuse or users would miss, checked on the built module in a child process (so
# this session never loads it): Test-ModuleManifest, the gallery's metadata, the files, the updatable help.
function Test-ModulePackage {
    $check = @'
param($ModuleOut, $HelpOut)
$ErrorActionPreference = 'Stop'
$manifestPath = Join-Path $ModuleOut 'EcsDiscoverer.psd1'
$info = Test-ModuleManifest -Path $manifestPath
$data = Import-PowerShellDataFile $manifestPath
$problems = @()
foreach ($key in 'ProjectUri', 'LicenseUri', 'IconUri', 'ReleaseNotes', 'Tags') {
    if (-not $data.PrivateData.PSData[$key]) { $problems += "PrivateData.PSData.$key is missing" }
}
foreach ($key in 'Description', 'Author', 'HelpInfoURI') { if (-not $data[$key]) { $problems += "$key is missing" } }
foreach ($file in 'LICENSE', 'EcsDiscoverer.dll', 'en-US/EcsDiscoverer.dll-Help.xml', 'en-US/about_EcsDiscoverer.help.txt', 'Dependencies/EcsDiscoverer.Engine.dll') {
    if (-not (Test-Path (Join-Path $ModuleOut $file))) { $problems += "$file is not in the module" }
}
foreach ($file in "EcsDiscoverer_$($info.Guid)_HelpInfo.xml", "EcsDiscoverer_$($info.Guid)_en-US_HelpContent.zip") {
    if (-not (Test-Path (Join-Path $HelpOut $file))) { $problems += "$file is not in $HelpOut" }
}
if ($problems) { throw "The package is not ready:`n  " + ($problems -join "`n  ") }
"Package checks passed: $($info.Name) $($info.Version)"
'@
    $script = Join-Path ([IO.Path]::GetTempPath()) "ecsd-package-check-$PID.ps1"
    Set-Content -Path $script -Value $check
    try {
        Invoke-ChildPwsh -File $script -ModuleOut $ModuleOut -HelpOut $HelpOut | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "The package checks failed (exit code $LASTEXITCODE)." }
    } finally {
        Remove-Item $script -ErrorAction Ignore
    }
}

# Pushes the module to a gallery. Builds and packages first (the local repository proves the package
# can be published, and the package checks run), then publishes; the updatable help in out/help goes to
# where HelpInfoURI points (the release's assets), which this task does not do.
function Invoke-Publish {
    if (-not $Repository -or -not $ApiKey) { throw 'publish needs -Repository (a registered PSResource repository, e.g. PSGallery) and -ApiKey.' }
    Invoke-Build
    Invoke-Package
    Publish-PSResource -Path $ModuleOut -Repository $Repository -ApiKey $ApiKey
    Write-Host "Published $ModuleName $(Get-ModuleVersion) to $Repository. Upload the files in $HelpOut as the release's assets (HelpInfoURI)."
}

# Packages that are not build dependencies (Pester, an older AWSSDK.Core for the isolation test) come
# from the NuGet registry through the ordinary client: a throwaway project with a PackageDownload,
# restored into .cache/nuget. The project lives outside the repository so that our central package
# versions do not apply to it.
function Restore-NuGetPackage {
    param([Parameter(Mandatory)] [string] $Id, [Parameter(Mandatory)] [string] $Version)
    $packages = Join-Path $CacheDir 'nuget'
    $folder = Join-Path $packages "$($Id.ToLowerInvariant())/$Version"
    if (Test-Path $folder) { return $folder }
    $project = Join-Path ([IO.Path]::GetTempPath()) "ecsd-restore-$PID-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Force -Path $project | Out-Null
    Set-Content -Path (Join-Path $project 'download.csproj') -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="$Id" Version="[$Version]" /></ItemGroup>
</Project>
"@
    try {
        Invoke-Dotnet restore (Join-Path $project 'download.csproj') --packages $packages --nologo -v quiet | Out-Host
    } finally {
        Remove-Item $project -Recurse -Force -ErrorAction Ignore
    }
    return $folder
}

# The PowerShell Gallery is not reachable here; the registry's Pester package carries the module in tools/.
function Get-PesterModulePath {
    Join-Path (Restore-NuGetPackage -Id 'Pester' -Version $PesterVersion) 'tools/Pester.psd1'
}

function Invoke-XunitSuite {
    $results = Join-Path $Out 'test-results'
    Remove-Item (Join-Path $results 'xunit.trx') -ErrorAction Ignore
    & dotnet test (Join-Path $Root 'tests/EcsDiscoverer.Engine.Tests/EcsDiscoverer.Engine.Tests.csproj') -c $Configuration --no-build `
        --nologo --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
    $trx = Join-Path $results 'xunit.trx'
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Name = 'xunit (no results file)' } }
    $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Name = 'xunit' }
}

function Invoke-PesterSuite {
    $summary = Join-Path $Out 'test-results/pester-summary.json'
    Remove-Item $summary -ErrorAction Ignore
    $runner = Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1'
    # Same assembly version as ours (4.0.0.0), older build: what AWS.Tools would load.
    $env:ECSD_FOREIGN_AWSSDK_CORE = Join-Path (Restore-NuGetPackage -Id 'AWSSDK.Core' -Version '4.0.3.3') 'lib/net8.0/AWSSDK.Core.dll'
    Invoke-ChildPwsh -File $runner -PesterPath (Get-PesterModulePath) -RepositoryPath $RepoOut `
        -EmulatorDll $EmulatorDll -SummaryPath $summary | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Name = 'Pester (no summary)' } }
    $counts = Get-Content -Raw $summary | ConvertFrom-Json
    [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed; Name = 'Pester' }
}

function Invoke-Test {
    Set-OfflineAwsEnvironment
    Invoke-Build
    Build-TestProjects
    Invoke-Package
    $suites = @(Invoke-XunitSuite; Invoke-PesterSuite)
    foreach ($suite in $suites) { Write-Host ("{0}: {1} passed, {2} failed" -f $suite.Name, $suite.Passed, $suite.Failed) }
    $passed = ($suites | Measure-Object Passed -Sum).Sum
    $failed = ($suites | Measure-Object Failed -Sum).Sum
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Start-Emulator {
    param([string] $Scenario)
    $stdout = Join-Path $Out "emulator-$PID.out"
    $process = Start-Process -FilePath 'dotnet' -ArgumentList @($EmulatorDll, '--scenario', $Scenario, '--port', '0') `
        -RedirectStandardOutput $stdout -PassThru -NoNewWindow
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = Get-Content $stdout -ErrorAction Ignore | Where-Object { $_ -match 'listening on (http://\S+)' } | Select-Object -First 1
        if ($line) { return [pscustomobject]@{ Process = $process; Endpoint = $Matches[1] } }
        if ($process.HasExited) { break }
        Start-Sleep -Milliseconds 100
    }
    Stop-Process -Id $process.Id -Force -ErrorAction Ignore
    throw "The emulator did not start; see $stdout"
}

function Invoke-Demo {
    Set-OfflineAwsEnvironment
    Invoke-Build
    Invoke-Dotnet build $EmulatorProject -c $Configuration --nologo -v quiet '-clp:NoSummary'
    $emulator = Start-Emulator -Scenario $DemoScenario
    try {
        $targets = Join-Path $Out 'demo/targets'
        Remove-Item $targets -Recurse -Force -ErrorAction Ignore
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $ModuleOut "$ModuleName.psd1")'
Write-Host "`nECS emulator (a local test double) at $($emulator.Endpoint)`n" -ForegroundColor Cyan
Write-Host 'Get-EcsPrometheusTarget -EndpointUrl ... | Format-Table' -ForegroundColor Cyan
`$all = Get-EcsPrometheusTarget -EndpointUrl '$($emulator.Endpoint)' -IncludeSkipped
`$all | Where-Object { `$_ -is [EcsDiscoverer.EcsPrometheusTarget] } | Format-Table -AutoSize | Out-String -Width 220 | Out-Host
Write-Host 'Skipped containers, with the reason:' -ForegroundColor Cyan
`$all | Where-Object { `$_ -is [EcsDiscoverer.EcsSkippedContainer] } | Format-Table -AutoSize | Out-String -Width 220 | Out-Host
Write-Host "Export-EcsFileSd -Path '$targets' -EndpointUrl ... -PassThru" -ForegroundColor Cyan
Export-EcsFileSd -Path '$targets' -EndpointUrl '$($emulator.Endpoint)' -PassThru | ForEach-Object {
    Write-Host "`n--- `$(`$_.Name) ---" -ForegroundColor Cyan
    Get-Content -Raw `$_.FullName | Out-Host
}
"@
        Invoke-ChildPwsh -Command $script
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    } finally {
        Stop-Process -Id $emulator.Process.Id -Force -ErrorAction Ignore
    }
}

function Invoke-Benchmark {
    Set-OfflineAwsEnvironment
    Invoke-Build
    Invoke-Dotnet build $EmulatorProject -c $Configuration --nologo -v quiet '-clp:NoSummary'
    if ($Events) {
        $output = Join-Path $Out "benchmark/events-$([DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss')).jsonl"
        # -Tasks and -Interval default to the fleet benchmark's figures; the event benchmark's own are 10,000 and 15s.
        $eventTasks = if ($ScriptBoundParameters.ContainsKey('Tasks')) { $Tasks } else { 10000 }
        $eventInterval = if ($ScriptBoundParameters.ContainsKey('Interval')) { $Interval } else { '15s' }
        Invoke-ChildPwsh -File (Join-Path $Root 'tests/Benchmarks/Invoke-EventBenchmark.ps1') `
            -ModulePath (Join-Path $ModuleOut "$ModuleName.psd1") -EmulatorDll $EmulatorDll -OutputPath $output `
            -Tasks $eventTasks -Minutes $Minutes -ChurnPercent $ChurnPercent -Interval $eventInterval -ReconcileInterval $ReconcileInterval
        if ($LASTEXITCODE -ne 0) { throw "The event benchmark failed (exit code $LASTEXITCODE)." }
        return
    }
    if ($Fleet) {
        $output = Join-Path $Out "benchmark/fleet-$([DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss')).jsonl"
        # pwsh -File takes a switch by its presence only.
        $options = @(if ($NoWarmupThrottle) { '-NoWarmupThrottle' })
        Invoke-ChildPwsh -File (Join-Path $Root 'tests/Benchmarks/Invoke-FleetBenchmark.ps1') `
            -ModulePath (Join-Path $ModuleOut "$ModuleName.psd1") -EmulatorDll $EmulatorDll -OutputPath $output `
            -Accounts $Accounts -Regions $Regions -Tasks $Tasks -Rounds $Rounds -Interval $Interval @options
        if ($LASTEXITCODE -ne 0) { throw "The fleet benchmark failed (exit code $LASTEXITCODE)." }
        return
    }
    if ($Scale) {
        $options = @()
        if ($Sizes) { $options += '-Sizes', ($Sizes -join ',') }
        if ($SoakRounds -ge 0) { $options += '-SoakRounds', $SoakRounds }
        if ($RecipeEnvironment) { $options += '-RecipeEnvironment' }
        $output = Join-Path $Out "benchmark/scale-$([DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss')).jsonl"
        Invoke-ChildPwsh -File (Join-Path $Root 'tests/Benchmarks/Invoke-ScaleBenchmark.ps1') `
            -ModulePath (Join-Path $ModuleOut "$ModuleName.psd1") -EmulatorDll $EmulatorDll -OutputPath $output @options
        if ($LASTEXITCODE -ne 0) { throw "The scale benchmark failed (exit code $LASTEXITCODE)." }
        return
    }

    Invoke-ChildPwsh -File (Join-Path $Root 'tests/Benchmarks/Invoke-CallBudgetBenchmark.ps1') `
        -ModulePath (Join-Path $ModuleOut "$ModuleName.psd1") -EmulatorDll $EmulatorDll
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
}

function Invoke-Clean {
    Remove-Item $Out -Recurse -Force -ErrorAction Ignore
    Get-ChildItem (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include 'bin', 'obj' |
        Remove-Item -Recurse -Force -ErrorAction Ignore
}

switch ($Task) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'package' { Invoke-Build; Invoke-Package }
    'publish' { Invoke-Publish }
    'demo' { Invoke-Demo }
    'benchmark' { Invoke-Benchmark }
    'clean' { Invoke-Clean }
}
