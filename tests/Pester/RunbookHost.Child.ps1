# Run by RunbookHost.Tests.ps1 in a child pwsh without HOME: runs the module's commands in a runspace created through the
# hosting API on a default InitialSessionState, with no host (so no host UI), as a runbook host does, and prints one
# line "REPORT <json>" with what each command returned on each stream. Input: ECSD_RUNBOOK_INPUT (JSON).

$ErrorActionPreference = 'Stop'
$in = $env:ECSD_RUNBOOK_INPUT | ConvertFrom-Json
$runspace = [runspacefactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault())
$runspace.Open()

# One hosted command: a script with named arguments, its output and every stream as plain data.
function Invoke-Hosted {
    param([string] $Script, [hashtable] $Arguments = @{})
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    $null = $shell.AddScript($Script)
    foreach ($name in $Arguments.Keys) { $null = $shell.AddParameter($name, $Arguments[$name]) }
    $exception = $null
    $output = @()
    try {
        $output = @($shell.Invoke())
    } catch {
        $exception = $_.Exception.GetBaseException()
    }
    try {
        [ordered]@{
            Output      = @($output | ForEach-Object { [ordered]@{ Type = if ($null -ne $_) { $_.GetType().FullName }; Text = "$_" } })
            Errors      = @($shell.Streams.Error | ForEach-Object {
                    [ordered]@{ Id = $_.FullyQualifiedErrorId; Type = $_.Exception.GetType().FullName; Message = $_.Exception.Message } })
            Warnings    = @($shell.Streams.Warning | ForEach-Object Message)
            Verbose     = @($shell.Streams.Verbose | ForEach-Object Message)
            Information = @($shell.Streams.Information | ForEach-Object { "$($_.MessageData)" })
            Progress    = @($shell.Streams.Progress).Count
            HadErrors   = $shell.HadErrors
            Exception   = if ($exception) { "$($exception.GetType().FullName): $($exception.Message)" } else { $null }
        }
    } finally {
        $shell.Dispose()
    }
}

$work = $in.Work
$endpoint = $in.Endpoint
$report = [ordered]@{
    Home = $env:HOME
    Xdg  = @(Get-ChildItem env: | Where-Object Name -like 'XDG_*' | ForEach-Object Name)
}
$report.Import = Invoke-Hosted 'Import-Module EcsDiscoverer; $Host.Name; (Get-Module EcsDiscoverer).ModuleBase; "$ConfirmPreference"'
$report.Get = Invoke-Hosted 'param($Endpoint) Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Verbose' @{ Endpoint = $endpoint }
$report.Export = Invoke-Hosted 'param($Endpoint, $Path, $CachePath) Export-EcsFileSd -Path $Path -EndpointUrl $Endpoint -CachePath $CachePath -PassThru -Verbose' @{
    Endpoint = $endpoint; Path = (Join-Path $work 'export'); CachePath = (Join-Path $work 'cache.json')
}
$report.CacheWritten = Test-Path (Join-Path $work 'cache.json')
$report.Partial = Invoke-Hosted 'param($Endpoint, $Path) Export-EcsFileSd -Path $Path -EndpointUrl $Endpoint -Cluster demo-fargate, no-such-cluster' @{
    Endpoint = $endpoint; Path = (Join-Path $work 'partial')
}
$report.Pipeline = Invoke-Hosted 'param($Endpoint, $Path) Get-EcsPrometheusTarget -EndpointUrl $Endpoint -Cluster demo-fargate | Export-EcsFileSd -Path $Path -Cluster demo-ec2' @{
    Endpoint = $endpoint; Path = (Join-Path $work 'pipeline')
}
$report.Loop = Invoke-Hosted 'param($Endpoint, $Path, $MetricsFile) Start-EcsDiscoveryLoop -Path $Path -EndpointUrl $Endpoint -MaxRounds 1 -Interval 1s -NoMetricsServer -MetricsFile $MetricsFile' @{
    Endpoint = $endpoint; Path = (Join-Path $work 'loop'); MetricsFile = (Join-Path $work 'loop.prom')
}
$report.Statistic = Invoke-Hosted 'Get-EcsDiscoveryStatistic'
# The control: -Confirm asks, and a host without UI must refuse rather than wait (the cache file is there to ask about).
$report.Confirm = Invoke-Hosted 'param($CachePath) Clear-EcsDiscoveryCache -CachePath $CachePath -Confirm' @{ CachePath = (Join-Path $work 'cache.json') }
$report.Clear = Invoke-Hosted 'param($CachePath) Clear-EcsDiscoveryCache -CachePath $CachePath' @{ CachePath = (Join-Path $work 'cache.json') }
$report.Complete = Invoke-Hosted '$line = "Get-EcsPrometheusTarget -ProfileName zz-no-such-profile"; @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count'
$runspace.Dispose()
'REPORT ' + ($report | ConvertTo-Json -Depth 6 -Compress)
