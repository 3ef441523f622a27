# A real Prometheus reads the loop's /targets through http_sd_configs, over HTTPS with a bearer token (issue 13, item 3).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module EcsDiscoverer -Force
    $script:Emulator = Start-TestEmulator -Scenario (Join-Path $env:ECSD_SCENARIOS 'demo.json')
    $script:Dir = Join-Path $TestDrive 'targets'
    $script:TokenFile = Join-Path $TestDrive 'token'
    $script:Token = [guid]::NewGuid().ToString('N')
    Set-Content -Path $TokenFile -Value $Token
    # A self-signed certificate for 127.0.0.1, as PEM files; Prometheus trusts it as its CA.
    $key = [Security.Cryptography.ECDsa]::Create([Security.Cryptography.ECCurve+NamedCurves]::nistP256)
    $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=127.0.0.1', $key, [Security.Cryptography.HashAlgorithmName]::SHA256)
    $names = [Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
    $names.AddIpAddress([Net.IPAddress]::Loopback)
    $request.CertificateExtensions.Add($names.Build())
    $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(1))
    $script:CertFile = Join-Path $TestDrive 'server.pem'
    $script:KeyFile = Join-Path $TestDrive 'server.key'
    Set-Content -Path $CertFile -Value $certificate.ExportCertificatePem()
    Set-Content -Path $KeyFile -Value $key.ExportPkcs8PrivateKeyPem()
    $script:Port = Get-FreePort
    $script:Base = "https://127.0.0.1:$Port"
    $script:Loop = Start-BackgroundLoop @{
        Path = $Dir; EndpointUrl = $Emulator.Endpoint; Interval = '2s'; MetricsPort = $Port; NoWarmupThrottle = $true
        BearerTokenFile = $TokenFile; TlsCertificateFile = $CertFile; TlsKeyFile = $KeyFile; Verbose = $true
    }
    Wait-Until { (Get-LoopRound $Loop).Count -ge 1 } -Seconds 60
    $script:Prometheus = Start-TestPrometheus -TargetsDirectory $Dir -HttpSdUrl "$Base/targets" -BearerTokenFile $TokenFile -CaFile $CertFile
    $script:Auth = @{ Authorization = "Bearer $Token" }
    $PSDefaultParameterValues['Invoke-WebRequest:SkipCertificateCheck'] = $true
    $PSDefaultParameterValues['Invoke-RestMethod:SkipCertificateCheck'] = $true
}

AfterAll {
    Stop-TestPrometheus $script:Prometheus
    Stop-BackgroundLoop $script:Loop
    Stop-TestEmulator $script:Emulator
}

Describe 'Prometheus loads the loop''s http_sd endpoint' {
    It 'shows exactly the targets of the files, through https://.../targets?interval= with a bearer token' {
        $expected = @(Get-ExpectedFromFiles $Dir | Sort-Object)
        $expected.Count | Should -Be 11
        $targets = Wait-PrometheusActiveTarget $Prometheus { param($t) $t.Count -eq 11 }
        @(Format-Active $targets | Sort-Object) | Should -Be $expected
        ($targets | Where-Object { $_.scrapePool -eq '5m-tasks' }).discoveredLabels.'__meta_ecs_service' | Should -Be 'billing'
        @(Get-Content $Prometheus.Log | Where-Object { $_ -match 'discovery=http' -and $_ -match 'level=(error|warn)' }) | Should -BeNullOrEmpty
    }

    It 'serves each interval file byte for byte' {
        foreach ($file in Get-ChildItem $Dir -Filter *.json) {
            $served = Invoke-WebRequest "$Base/targets?file=$($file.Name)" -Headers $Auth
            $served.StatusCode | Should -Be 200
            $served.Headers['Content-Type'] | Should -Be 'application/json; charset=utf-8'
            $served.Content | Should -BeExactly (Get-Content -Raw $file.FullName)
        }
    }

    It 'lists what it serves at /targets/index' {
        $index = Invoke-RestMethod "$Base/targets/index" -Headers $Auth
        $index.round | Should -BeGreaterOrEqual 1
        @($index.files).Count | Should -Be 5
        ($index.files | Measure-Object -Property groups -Sum).Sum | Should -Be 11
        ($index.files | Where-Object name -eq '5m-tasks.json').url | Should -Be '/targets?interval=5m'
        @($index.clusters.cluster) | Should -Contain 'demo-ec2'
    }

    It 'answers bad requests with a clear error and keeps serving' {
        { Invoke-WebRequest "http://127.0.0.1:$Port/targets" -TimeoutSec 5 } | Should -Throw
        (Invoke-WebRequest "$Base/targets" -SkipHttpErrorCheck).StatusCode | Should -Be 401
        (Invoke-WebRequest "$Base/targets" -Headers @{ Authorization = 'Bearer wrong' } -SkipHttpErrorCheck).StatusCode | Should -Be 401
        $unknown = Invoke-WebRequest "$Base/targets?colour=red" -Headers $Auth -SkipHttpErrorCheck
        $unknown.StatusCode | Should -Be 400
        $unknown.Content | Should -Match 'interval, file, account, region or cluster'
        (Invoke-WebRequest "$Base/-/ready" -SkipHttpErrorCheck).StatusCode | Should -Be 200
        (Invoke-WebRequest "$Base/targets?interval=5m" -Headers $Auth).StatusCode | Should -Be 200
    }

    It 'never prints the token' {
        # Copies by index: enumerating a live PSDataCollection can wait for the loop to finish.
        $streams = $Loop.PowerShell.Streams
        $records = foreach ($stream in $streams.Verbose, $streams.Warning, $streams.Error) { for ($i = 0; $i -lt $stream.Count; $i++) { $stream[$i].ToString() } }
        $text = $records -join "`n"
        $text | Should -Match 'SERVER_BEARER_TOKEN_FILE'
        $text | Should -Not -Match $Token
    }
}

Describe 'The server as shipped (Kestrel 2.3 in the module''s load context) withstands slow and malformed clients' {
    BeforeAll {
        $script:PlainPort = Get-FreePort
        $script:Plain = "http://127.0.0.1:$PlainPort"
        $script:PlainLoop = Start-BackgroundLoop @{
            Path = (Join-Path $TestDrive 'plain'); EndpointUrl = $Emulator.Endpoint; Interval = '2s'; MetricsPort = $PlainPort; NoWarmupThrottle = $true
        }
        Wait-Until { (Get-LoopRound $PlainLoop).Count -ge 1 } -Seconds 60

        # Sends raw bytes and reads the status line of the answer, if any.
        function Send-Raw([string] $Text, [int] $TimeoutMs = 5000) {
            $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $PlainPort)
            try {
                $stream = $client.GetStream()
                $stream.ReadTimeout = $TimeoutMs
                $bytes = [Text.Encoding]::ASCII.GetBytes($Text)
                $stream.Write($bytes, 0, $bytes.Length)
                $reader = [IO.StreamReader]::new($stream)
                return $reader.ReadLine()
            }
            finally { $client.Dispose() }
        }
    }

    AfterAll { Stop-BackgroundLoop $script:PlainLoop }

    It 'answers scrapes at once while 300 connections hold half-sent requests' {
        $slow = [System.Collections.Generic.List[Net.Sockets.TcpClient]]::new()
        try {
            foreach ($i in 1..300) {
                $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $PlainPort)
                $head = [Text.Encoding]::ASCII.GetBytes("GET /metrics HTTP/1.1`r`nHost: 127.0.0.1`r`nX-Slow: ")
                $client.GetStream().Write($head, 0, $head.Length)
                $slow.Add($client)
            }

            $watch = [Diagnostics.Stopwatch]::StartNew()
            (Invoke-WebRequest "$Plain/metrics" -TimeoutSec 10).StatusCode | Should -Be 200
            (Invoke-WebRequest "$Plain/targets?interval=5m" -TimeoutSec 10).StatusCode | Should -Be 200
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3 -Because 'half-sent requests must not starve Prometheus'
        }
        finally {
            foreach ($client in $slow) { $client.Dispose() }
        }
    }

    It 'answers garbage, oversized headers and bad methods with 400, 431 and 405, and keeps serving' {
        Send-Raw "NONSENSE`r`n`r`n" | Should -Match '^HTTP/1\.1 400'
        Send-Raw ("GET /metrics HTTP/1.1`r`nHost: x`r`nX-Big: " + ('a' * 40000) + "`r`n`r`n") | Should -Match '^HTTP/1\.1 431'
        Send-Raw "DELETE /metrics HTTP/1.1`r`nHost: x`r`nContent-Length: 0`r`n`r`n" | Should -Match '^HTTP/1\.1 405'
        Send-Raw "GET /targets?colour=red HTTP/1.1`r`nHost: x`r`n`r`n" | Should -Match '^HTTP/1\.1 400'
        (Invoke-WebRequest "$Plain/metrics" -TimeoutSec 10).StatusCode | Should -Be 200
    }
}

Describe 'Basic authentication from -BasicAuthUserName and -BasicAuthPasswordFile' {
    BeforeAll {
        $script:BasicPort = Get-FreePort
        $script:PasswordFile = Join-Path $TestDrive 'password'
        $script:Password = [guid]::NewGuid().ToString('N')
        Set-Content -Path $PasswordFile -Value $Password
        $script:BasicLoop = Start-BackgroundLoop @{
            Path = (Join-Path $TestDrive 'basic'); EndpointUrl = $Emulator.Endpoint; Interval = '2s'; MetricsPort = $BasicPort; NoWarmupThrottle = $true
            BasicAuthUserName = 'prometheus'; BasicAuthPasswordFile = $PasswordFile
        }
        Wait-Until { (Get-LoopRound $BasicLoop).Count -ge 1 } -Seconds 60
    }

    AfterAll { Stop-BackgroundLoop $script:BasicLoop }

    It 'answers 401 without or with wrong credentials, 200 with them; the probes stay open' {
        $url = "http://127.0.0.1:$BasicPort/targets?interval=5m"
        (Invoke-WebRequest $url -SkipHttpErrorCheck).StatusCode | Should -Be 401
        $wrong = [pscredential]::new('prometheus', (ConvertTo-SecureString 'nope' -AsPlainText -Force))
        (Invoke-WebRequest $url -Credential $wrong -Authentication Basic -AllowUnencryptedAuthentication -SkipHttpErrorCheck).StatusCode | Should -Be 401
        $right = [pscredential]::new('prometheus', (ConvertTo-SecureString $Password -AsPlainText -Force))
        (Invoke-WebRequest $url -Credential $right -Authentication Basic -AllowUnencryptedAuthentication).StatusCode | Should -Be 200
        (Invoke-WebRequest "http://127.0.0.1:$BasicPort/-/healthy").StatusCode | Should -Be 200
    }
}
