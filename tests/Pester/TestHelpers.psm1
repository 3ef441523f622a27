# Shared by the Pester suites: the local ECS emulator (a test double) and child pwsh processes. Servers listen on 127.0.0.1 only and are stopped by process id.

$ErrorActionPreference = 'Stop'

function Start-TestEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Scenario)
    $log = Join-Path ([IO.Path]::GetTempPath()) "ecsd-emulator-$([guid]::NewGuid().ToString('N')).out"
    $process = Start-Process -FilePath 'dotnet' -ArgumentList @($env:ECSD_EMULATOR_DLL, '--scenario', $Scenario, '--port', '0') `
        -RedirectStandardOutput $log -PassThru -NoNewWindow
    $endpoint = Wait-ListeningLine -Process $process -Log $log -What 'The emulator'
    [pscustomobject]@{ Process = $process; Endpoint = $endpoint.TrimEnd('/'); Log = $log }
}

# Waits for a server started with its stdout in -Log to print 'listening on http://...', and returns that
# address; stops the process (by id) and throws with the log when it does not within 30 s.
function Wait-ListeningLine {
    param([Parameter(Mandatory)] [System.Diagnostics.Process] $Process, [Parameter(Mandatory)] [string] $Log, [string] $What = 'The server')
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = Get-Content $Log -ErrorAction Ignore | Where-Object { $_ -match 'listening on (http://\S+)' } | Select-Object -First 1
        if ($line) { return $Matches[1] }
        if ($Process.HasExited) { break }
        Start-Sleep -Milliseconds 100
    }
    Stop-Process -Id $Process.Id -Force -ErrorAction Ignore
    throw "$What did not start: $(Get-Content -Raw $Log -ErrorAction Ignore)"
}

# Serves the files of one folder over HTTP on 127.0.0.1 and a free port (System.Net.HttpListener in a child
# pwsh), as a web server would serve release assets; logs 'METHOD /path status' per request to .Log.
# .Uri ends with '/'. Stop it with Stop-TestFileServer (by process id).
function Start-TestFileServer {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Root)
    $log = Join-Path ([IO.Path]::GetTempPath()) "ecsd-fileserver-$([guid]::NewGuid().ToString('N')).out"
    $script = @'
$root = '__ROOT__'
$listener = [System.Net.HttpListener]::new()
$listener.Prefixes.Add('http://127.0.0.1:__PORT__/')
$listener.Start()
[Console]::Out.WriteLine('listening on http://127.0.0.1:__PORT__/'); [Console]::Out.Flush()
while ($true) {
    $context = $listener.GetContext()
    $name = [IO.Path]::GetFileName([Uri]::UnescapeDataString($context.Request.Url.AbsolutePath))
    $file = if ($name) { Join-Path $root $name }
    if ($file -and [IO.File]::Exists($file)) {
        $bytes = [IO.File]::ReadAllBytes($file)
        $context.Response.ContentLength64 = $bytes.Length
        if ($context.Request.HttpMethod -ne 'HEAD') { $context.Response.OutputStream.Write($bytes, 0, $bytes.Length) }
    } else {
        $context.Response.StatusCode = 404
    }
    [Console]::Out.WriteLine("$($context.Request.HttpMethod) $($context.Request.Url.AbsolutePath) $($context.Response.StatusCode)"); [Console]::Out.Flush()
    $context.Response.Close()
}
'@
    $script = $script.Replace('__ROOT__', $Root.Replace("'", "''")).Replace('__PORT__', [string](Get-FreePort))
    $command = Get-PwshCommand
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    $process = Start-Process -FilePath $command[0] -RedirectStandardOutput $log -PassThru -NoNewWindow `
        -ArgumentList (@($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded))
    $uri = Wait-ListeningLine -Process $process -Log $log -What 'The file server'
    [pscustomobject]@{ Process = $process; Uri = $uri; Log = $log }
}

# A loop in a pwsh process of its own, as a container runs it, so that a test can kill it: Stop-TestLoopProcess is
# SIGKILL, no shutdown code runs, as when a task crashes or its host dies. It serves on 127.0.0.1:-Port; its stdout
# and stderr go to -LogDirectory (loop-NAME.out/.err, appended to, so a restart under the same name keeps the first
# life's lines). The child finds the module the suite installed through the inherited PSModulePath.
function Start-TestLoopProcess {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $EndpointUrl,
        [Parameter(Mandatory)] [int] $Port, [Parameter(Mandatory)] [string] $LogDirectory, [string] $Interval = '2s',
        # More parameters of Start-EcsDiscoveryLoop, as PowerShell source (quote the values).
        [string] $ExtraArguments = '')
    $quote = { param($text) "'" + $text.Replace("'", "''") + "'" }
    # Each line timestamped, warnings and verbose lines marked as a console shows them.
    $script = "Start-EcsDiscoveryLoop -Path $(& $quote $Path) -EndpointUrl $(& $quote $EndpointUrl) -Interval $Interval $ExtraArguments " +
        "-MetricsPort $Port -NoWarmupThrottle -Verbose *>&1 | ForEach-Object { " +
        "`$kind = if (`$_ -is [System.Management.Automation.WarningRecord]) { 'WARNING: ' } elseif (`$_ -is [System.Management.Automation.VerboseRecord]) { 'VERBOSE: ' } else { '' }; " +
        """`$([DateTime]::UtcNow.ToString('HH:mm:ss.fff')) `$kind`$_"" } | Out-File -Append -FilePath $(& $quote (Join-Path $LogDirectory "loop-$Name.out"))"
    $command = Get-PwshCommand
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    $process = Start-Process -FilePath $command[0] -PassThru -NoNewWindow -RedirectStandardError (Join-Path $LogDirectory "loop-$Name.err") `
        -ArgumentList (@($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded))
    [pscustomobject]@{ Name = $Name; Process = $process; Uri = "http://127.0.0.1:$Port"; Path = $Path }
}

function Stop-TestLoopProcess {
    param($Loop)
    if ($Loop) {
        Stop-Process -Id $Loop.Process.Id -Force -ErrorAction Ignore
        $Loop.Process.WaitForExit(10000) | Out-Null
    }
}

# Stands in for the health-checked load balancer in front of an ECS service's tasks (an ALB or NLB target group
# whose health check is /-/ready): each request goes to the first of -Backend whose /-/ready answers 200 now, and
# is answered 503 when none does. It checks on every request, which is a load balancer whose health check reacts
# at once; a real one lags by its interval times its threshold. A child pwsh on 127.0.0.1 and a free port, so a
# test stops it by process id; it logs 'PATH -> BACKEND STATUS' per request to .Log.
function Start-TestFailoverProxy {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string[]] $Backend)
    $log = Join-Path ([IO.Path]::GetTempPath()) "ecsd-failover-$([guid]::NewGuid().ToString('N')).out"
    $script = @'
$backends = @(__BACKENDS__)
$listener = [System.Net.HttpListener]::new()
$listener.Prefixes.Add('http://127.0.0.1:__PORT__/')
$listener.Start()
# Shorter than Prometheus's http_sd timeout (its refresh interval): a dead backend refuses at once anyway.
$client = [System.Net.Http.HttpClient]::new(); $client.Timeout = [TimeSpan]::FromMilliseconds(900)
[Console]::Out.WriteLine('listening on http://127.0.0.1:__PORT__/'); [Console]::Out.Flush()
while ($true) {
    $context = $listener.GetContext()
    $chosen = '-'; $status = 503
    try {
        foreach ($candidate in $backends) {
            try {
                $ready = $client.GetAsync("$candidate/-/ready").GetAwaiter().GetResult()
                $ready.Dispose()
                if ([int]$ready.StatusCode -eq 200) { $chosen = $candidate; break }
            } catch { $null = $_ } # refused or timed out: unhealthy
        }
        if ($chosen -ne '-') {
            $request = [System.Net.Http.HttpRequestMessage]::new('GET', $chosen + $context.Request.Url.PathAndQuery)
            if ($context.Request.Headers['Authorization']) { $null = $request.Headers.TryAddWithoutValidation('Authorization', $context.Request.Headers['Authorization']) }
            $answer = $client.SendAsync($request).GetAwaiter().GetResult()
            $status = [int]$answer.StatusCode
            $body = $answer.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()
            $context.Response.StatusCode = $status
            if ($answer.Content.Headers.ContentType) { $context.Response.ContentType = $answer.Content.Headers.ContentType.ToString() }
            $context.Response.ContentLength64 = $body.Length
            $context.Response.OutputStream.Write($body, 0, $body.Length)
            $answer.Dispose()
        } else {
            $context.Response.StatusCode = 503
        }
    } catch {
        $status = 502
        try { $context.Response.StatusCode = 502 } catch { $null = $_ }
    }
    [Console]::Out.WriteLine("$([DateTime]::UtcNow.ToString('HH:mm:ss.fff')) $($context.Request.Url.PathAndQuery) -> $chosen $status"); [Console]::Out.Flush()
    try { $context.Response.Close() } catch { $null = $_ }
}
'@
    $list = ($Backend | ForEach-Object { "'" + $_.Replace("'", "''") + "'" }) -join ', '
    $port = Get-FreePort
    $script = $script.Replace('__BACKENDS__', $list).Replace('__PORT__', [string]$port)
    $command = Get-PwshCommand
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    $process = Start-Process -FilePath $command[0] -RedirectStandardOutput $log -PassThru -NoNewWindow `
        -ArgumentList (@($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded))
    $uri = Wait-ListeningLine -Process $process -Log $log -What 'The failover proxy'
    [pscustomobject]@{ Process = $process; Uri = $uri.TrimEnd('/'); Log = $log }
}

function Stop-TestFailoverProxy {
    param($Proxy)
    if ($Proxy) {
        Stop-Process -Id $Proxy.Process.Id -Force -ErrorAction Ignore
        Remove-Item $Proxy.Log -ErrorAction Ignore
    }
}

function Stop-TestFileServer {
    param($Server)
    if ($Server) {
        Stop-Process -Id $Server.Process.Id -Force -ErrorAction Ignore
        Remove-Item $Server.Log -ErrorAction Ignore
    }
}

function Stop-TestEmulator {
    param($Emulator)
    if ($Emulator) {
        Stop-Process -Id $Emulator.Process.Id -Force -ErrorAction Ignore
        Remove-Item $Emulator.Log -ErrorAction Ignore
    }
}

function Set-EmulatorScenario {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Json)
    Invoke-RestMethod -Method Put -Uri "$($Emulator.Endpoint)/_emulator/scenario" -Body $Json -ContentType 'application/json' | Out-Null
}

function Get-EmulatorCallCount {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$($Emulator.Endpoint)/_emulator/calls"
}

function Reset-EmulatorCallCount {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Method Post -Uri "$($Emulator.Endpoint)/_emulator/calls/reset" | Out-Null
}

# The command that starts this same PowerShell: as a .NET tool the process is 'dotnet' running pwsh.dll.
function Get-PwshCommand {
    $command = @([Environment]::ProcessPath)
    if ([IO.Path]::GetFileNameWithoutExtension($command[0]) -eq 'dotnet') { $command += Join-Path $PSHOME 'pwsh.dll' }
    , $command
}

# Runs a script in a fresh pwsh (the way cron or a runbook would) and returns exit code and output.
# -Umask runs it under that umask (octal text such as '077'), through /bin/sh. -Environment sets (or, with
# $null, removes) environment variables for the child only, such as HOME for a user of its own.
function Invoke-ChildPwsh {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Script, [string] $Umask, [hashtable] $Environment = @{})
    $command = Get-PwshCommand
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $arguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        if ($Umask) {
            $output = & /bin/sh -c "umask $Umask && exec ""`$0"" ""`$@""" $command[0] @arguments 2>&1
        } else {
            $output = & $command[0] @arguments 2>&1
        }
    } finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
}

# Runs a script file in a fresh pwsh whose environment is this one less -RemoveVariable (names, or prefixes ending
# in '*') and with -Environment set, leaving this process's environment alone. Returns exit code, stdout and stderr.
function Invoke-ChildPwshFile {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $RemoveVariable = @(), [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300)
    $command = Get-PwshCommand
    $start = [Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $FilePath)) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    foreach ($name in @($start.Environment.Keys)) {
        if ($RemoveVariable | Where-Object { $name -like $_ }) { $null = $start.Environment.Remove($name) }
    }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $process = [Diagnostics.Process]::Start($start)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { throw "The child pwsh did not end within $TimeoutSeconds s." }
        $process.WaitForExit() # and the end of its output
        [pscustomobject]@{ ExitCode = $process.ExitCode; StandardOutput = $stdout.GetAwaiter().GetResult(); StandardError = $stderr.GetAwaiter().GetResult() }
    } finally {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.Dispose()
    }
}

# A user of its own for a child pwsh: HOME (and the XDG folders where PowerShell, PowerShellGet and
# PSResourceGet keep their user state) under -Path, and PSModulePath unset so that the child builds its
# default (that user's module folder first) and never finds the module the suite installed.
# For Invoke-ChildPwsh -Environment.
function New-ChildUserEnvironment {
    param([Parameter(Mandatory)] [string] $Path)
    $environment = @{ HOME = $Path; XDG_DATA_HOME = Join-Path $Path '.local/share'; XDG_CONFIG_HOME = Join-Path $Path '.config'; XDG_CACHE_HOME = Join-Path $Path '.cache'; PSModulePath = $null }
    # They must exist: .NET answers an empty path for a special folder that does not, and PSResourceGet would
    # then keep its repository list in the current directory.
    foreach ($folder in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') { New-Item -ItemType Directory -Force -Path $environment[$folder] | Out-Null }
    $environment
}

# Queues faults in the emulator (see its README): the next -Times calls of -Operation fail with -ErrorCode.
function Add-EmulatorFault {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Operation, [Parameter(Mandatory)] [string] $ErrorCode,
        [int] $Times = 1, [int] $StatusCode = 400, [string] $Message)
    $fault = @{ operation = $Operation; errorCode = $ErrorCode; times = $Times; statusCode = $StatusCode }
    if ($Message) { $fault.message = $Message }
    Invoke-RestMethod -Method Post -Uri "$($Emulator.Endpoint)/_emulator/faults" -Body ($fault | ConvertTo-Json) -ContentType 'application/json' | Out-Null
}

function Clear-EmulatorFault {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Method Delete -Uri "$($Emulator.Endpoint)/_emulator/faults" | Out-Null
}

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $port
}

function Wait-Until {
    param([scriptblock] $Condition, [double] $Seconds = 30)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for: $Condition" }
        Start-Sleep -Milliseconds 50
    }
}

# A loop in its own runspace, as an interactive user runs it; Stop() is Ctrl+C. Its streams are on .PowerShell.Streams.
function Start-BackgroundLoop {
    param([hashtable] $Parameters)
    $ps = [powershell]::Create()
    # One script, not a batch of statements: disposing a stopped batch races PowerShell's batch worker.
    $null = $ps.AddScript('param($p) Import-Module EcsDiscoverer; Start-EcsDiscoveryLoop @p').AddArgument($Parameters)
    [pscustomobject]@{ PowerShell = $ps; Async = $ps.BeginInvoke() }
}

function Stop-BackgroundLoop {
    param($Loop)
    if ($Loop) {
        $Loop.PowerShell.Stop()
        $Loop.PowerShell.Dispose()
    }
}

function Get-LoopRound {
    param($Loop)
    @($Loop.PowerShell.Streams.Information | Where-Object { $_.MessageData -is [EcsDiscoverer.EcsDiscoveryRound] } | ForEach-Object MessageData)
}

function Get-TemporaryFile {
    param([string] $Directory)
    @(Get-ChildItem $Directory -Force -Recurse -Filter '*.ecsd-tmp' -ErrorAction Ignore)
}

# What this machine allows for simulating output faults as root: mount (tmpfs) and chattr (immutable).
function Test-CanMount {
    if ($IsWindows -or (id -u) -ne '0') { return $false }
    $probe = Join-Path ([IO.Path]::GetTempPath()) "ecsd-mount-probe-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory $probe | Out-Null
    try {
        mount -t tmpfs -o size=4k tmpfs $probe 2>$null
        if ($LASTEXITCODE -ne 0) { return $false }
        umount $probe
        return $true
    } finally { Remove-Item $probe -Force -ErrorAction Ignore }
}

function Mount-TestTmpfs {
    param([Parameter(Mandatory)] [string] $Path, [int] $Size = 1MB)
    mount -t tmpfs -o "size=$Size,mode=0755" tmpfs $Path
    if ($LASTEXITCODE -ne 0) { throw "mount tmpfs on $Path failed" }
}

function Dismount-TestTmpfs {
    param([Parameter(Mandatory)] [string] $Path)
    umount -l $Path 2>$null
}

# Makes a directory refuse new files: chattr +i as root (mode bits do not stop root), mode 0555 otherwise.
# Returns a scriptblock that undoes it, or $null when this machine cannot.
function Set-TestReadOnlyDirectory {
    param([Parameter(Mandatory)] [string] $Path)
    if ($IsWindows) { return $null }
    if ((id -u) -ne '0') { chmod 0555 $Path; return { chmod 0755 $Path }.GetNewClosure() }
    chattr +i $Path 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    return { chattr -i $Path }.GetNewClosure()
}

# Fills the file system holding $Directory with one file; returns its path.
function Set-TestDiskFull {
    param([Parameter(Mandatory)] [string] $Directory)
    $filler = Join-Path $Directory 'filler.bin'
    $stream = [IO.FileStream]::new($filler, 'Create', 'Write', 'None', 1)
    try {
        $block = [byte[]]::new(1024)
        # A method call wraps ENOSPC in MethodInvocationException, so catch everything: full is the point.
        try { while ($true) { $stream.Write($block, 0, $block.Length) } } catch { $null = $_ }
    } finally { try { $stream.Dispose() } catch { $null = $_ } }
    $filler
}

function Get-FileSdGroups {
    param([Parameter(Mandatory)] [string] $Path)
    # PowerShell 7 enumerates a JSON array; @() keeps zero and one groups an array.
    @(Get-Content -Raw $Path | ConvertFrom-Json)
}

# A random string per run, so that no window of a secret made of it occurs in output by chance.
function New-Sentinel {
    param([int] $Length)
    $alphabet = [char[]]'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
    -join (1..$Length | ForEach-Object { $alphabet[[Security.Cryptography.RandomNumberGenerator]::GetInt32($alphabet.Length)] })
}

# Everything a user or a log collector could see of a record, as text.
function ConvertTo-CapturedText {
    param([object[]] $Records)
    $text = [Text.StringBuilder]::new()
    foreach ($record in $Records) {
        $null = $text.AppendLine(($record | Out-String -Width 4096))
        switch ($record) {
            { $_ -is [System.Management.Automation.ErrorRecord] } {
                $null = $text.AppendLine($_.Exception.ToString()).AppendLine($_.ErrorDetails.Message).AppendLine($_.ErrorDetails.RecommendedAction)
                $null = $text.AppendLine(($_.TargetObject | Out-String -Width 4096)).AppendLine($_.CategoryInfo.ToString()).AppendLine($_.FullyQualifiedErrorId)
            }
            { $_ -is [System.Management.Automation.InformationalRecord] } { $null = $text.AppendLine($_.Message) }
            { $_ -is [System.Management.Automation.InformationRecord] } { $null = $text.AppendLine(($_.MessageData | Format-List * -Force | Out-String -Width 4096)) }
            default { $null = $text.AppendLine(($_ | Format-List * -Force | Out-String -Width 4096)) }
        }
    }
    $text.ToString()
}

# Runs a script with all six streams merged; a terminating error is captured too. The names are odd on
# purpose: the script block sees this function's variables (dynamic scope), so they must not shadow its own.
function Invoke-Captured {
    param([scriptblock] $CapturedScript)
    $capturedRecords = [Collections.Generic.List[object]]::new()
    try { & $CapturedScript *>&1 | ForEach-Object { $capturedRecords.Add($_) } } catch { $capturedRecords.Add($_) }
    , $capturedRecords
}

Export-ModuleMember -Function *

# A real Prometheus (Debian package) on 127.0.0.1 and a free port, reading file_sd files from a directory with one job
# per file and no relabel rules; stderr goes to a log file. Stop it with Stop-TestPrometheus (by process id).
# -ScrapeConfigs instead: the jobs as YAML, written under scrape_configs verbatim (two-space indented list items).
function Start-TestPrometheus {
    [CmdletBinding(DefaultParameterSetName = 'Files')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Files')] [string] $TargetsDirectory,
        [Parameter(Mandatory, ParameterSetName = 'Custom')] [string] $ScrapeConfigs,
        [string[]] $FileNames = @('tasks.json', '15s-tasks.json', '30s-tasks.json', '1m-tasks.json', '5m-tasks.json'),
        # Instead of the files: the loop's /targets (http_sd_configs), one job per interval, with this bearer token file.
        [string] $HttpSdUrl,
        [string] $BearerTokenFile,
        # The CA that signed the loop's TLS certificate, when /targets is https.
        [string] $CaFile
    )
    $binary = Get-Command prometheus -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $binary) {
        throw 'Prometheus is not installed: install it with `apt-get install prometheus` (.ci/run does this where it runs as root).'
    }
    $work = Join-Path ([IO.Path]::GetTempPath()) "ecsd-prometheus-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $work | Out-Null
    # Scrapes go through a closed loopback port: the emulated account's private addresses are never contacted.
    $jobs = if ($ScrapeConfigs) { $ScrapeConfigs } else { foreach ($file in $FileNames) {
        $job = $file -replace '\.json$', ''
        $interval = if ($file -match '^(15s|30s|1m|5m)-') { $Matches[1] } else { '1m' }
        $path = (Join-Path $TargetsDirectory $file) -replace "'", "''"
        $discovery = if ($HttpSdUrl) {
            $name = if ($file -match '^(15s|30s|1m|5m)-') { $Matches[1] } else { 'generic' }
            # http_sd's request timeout is its refresh interval: 1s would fail the first, cold TLS handshake on a busy box.
            "    http_sd_configs:`n      - url: '$HttpSdUrl`?interval=$name'`n        refresh_interval: 5s`n" +
            "        authorization:`n          type: Bearer`n          credentials_file: '$($BearerTokenFile -replace "'", "''")'`n" +
            $(if ($CaFile) { "        tls_config:`n          ca_file: '$($CaFile -replace "'", "''")'`n" } else { '' })
        } else {
            "    file_sd_configs:`n      - files: ['$path']`n        refresh_interval: 1s`n"
        }
        "  - job_name: '$job'`n    scrape_interval: $interval`n    scrape_timeout: 5s`n    proxy_url: 'http://127.0.0.1:1'`n" + $discovery
    } }
    Set-Content -Path (Join-Path $work 'prometheus.yml') -Value ("global:`n  scrape_interval: 1m`nscrape_configs:`n" + ($jobs -join ''))
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()
    $log = Join-Path $work 'prometheus.log'
    $process = Start-Process -FilePath $binary.Source -PassThru -NoNewWindow -RedirectStandardError $log `
        -RedirectStandardOutput (Join-Path $work 'prometheus.out') -ArgumentList @(
            "--config.file=$(Join-Path $work 'prometheus.yml')", "--storage.tsdb.path=$(Join-Path $work 'data')",
            "--web.listen-address=127.0.0.1:$port", '--log.level=info')
    $prometheus = [pscustomobject]@{ Process = $process; Uri = "http://127.0.0.1:$port"; Log = $log; WorkDirectory = $work }
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
        try {
            if ((Invoke-WebRequest -Uri "$($prometheus.Uri)/-/ready" -SkipHttpErrorCheck).StatusCode -eq 200) { return $prometheus }
        } catch [System.Net.Http.HttpRequestException] {
            # Not listening yet.
        }
        Start-Sleep -Milliseconds 100
    }
    $text = Get-Content -Raw $log -ErrorAction Ignore
    Stop-TestPrometheus $prometheus
    throw "Prometheus did not become ready: $text"
}

function Stop-TestPrometheus {
    param($Prometheus)
    if ($Prometheus) {
        Stop-Process -Id $Prometheus.Process.Id -Force -ErrorAction Ignore
        $Prometheus.Process.WaitForExit(15000) | Out-Null
        Remove-Item $Prometheus.WorkDirectory -Recurse -Force -ErrorAction Ignore
    }
}

# What the file_sd files in Directory say, as Prometheus should show it: one "pool url job instance" line per target.
function Get-ExpectedFromFiles {
    param([Parameter(Mandatory)] [string] $Directory)
    foreach ($file in Get-ChildItem $Directory -Filter *.json) {
        foreach ($group in @(Get-Content -Raw $file.FullName | ConvertFrom-Json)) {
            foreach ($address in $group.targets) {
                '{0} http://{1}{2} {3} {4}' -f $file.BaseName, $address, $group.labels.'__metrics_path__', $group.labels.job, $group.labels.instance
            }
        }
    }
}

# Prometheus's active targets in the shape of Get-ExpectedFromFiles.
function Format-Active($targets) {
    foreach ($t in $targets) { '{0} {1} {2} {3}' -f $t.scrapePool, $t.scrapeUrl, $t.labels.job, $t.labels.instance }
}

# The active targets of /api/v1/targets.
function Get-PrometheusActiveTarget {
    param([Parameter(Mandatory)] $Prometheus)
    @((Invoke-RestMethod -Uri "$($Prometheus.Uri)/api/v1/targets?state=active").data.activeTargets)
}

# Polls the active targets until Condition (given them as $args[0]) holds; Prometheus updates them every 5-10 s.
function Wait-PrometheusActiveTarget {
    param([Parameter(Mandatory)] $Prometheus, [Parameter(Mandatory)] [scriptblock] $Condition, [int] $TimeoutSeconds = 45)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $targets = Get-PrometheusActiveTarget $Prometheus
        if (& $Condition $targets) { return $targets }
        if ([DateTime]::UtcNow -gt $deadline) {
            throw "Prometheus did not get there within $TimeoutSeconds s; active: $(($targets.scrapeUrl | Sort-Object) -join ', ')"
        }
        Start-Sleep -Milliseconds 200
    }
}

# prometheus_sd_file_read_errors_total from Prometheus's own /metrics.
function Get-PrometheusFileSdReadError {
    param([Parameter(Mandatory)] $Prometheus)
    $line = (Invoke-RestMethod -Uri "$($Prometheus.Uri)/metrics") -split "`n" | Where-Object { $_ -match '^prometheus_sd_file_read_errors_total ' }
    if (-not $line) { throw 'Prometheus has no prometheus_sd_file_read_errors_total.' }
    [double]($line -split ' ')[1]
}

Export-ModuleMember -Function *
