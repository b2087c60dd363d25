<#
.SYNOPSIS
    Make the staff PIN line for kiosk.toml.

.DESCRIPTION
    Asks for a new staff PIN twice (4 to 12 digits; nothing is shown as you type), runs
    "kiosk.exe hash-pin" and shows the line to put under [staff] in kiosk.toml, for example
    C:\ProgramData\kiosk\kiosk.toml. The line is also copied to the clipboard.

    Only a salted hash is stored; the PIN itself is written nowhere.

.PARAMETER NoPause
    Do not wait for Enter at the end.
#>
[CmdletBinding()]
param([switch]$NoPause)

$ErrorActionPreference = 'Stop'

$kiosk = Join-Path (Split-Path -Parent $PSScriptRoot) 'kiosk.exe'
if (-not (Test-Path -LiteralPath $kiosk)) {
    Write-Host "Cannot find kiosk.exe at $kiosk. Reinstall the SI Fusion Kiosk." -ForegroundColor Red
    exit 2
}

function Read-Pin([string]$Prompt) {
    $secure = Read-Host -AsSecureString $Prompt
    $pointer = [Runtime.InteropServices.Marshal]::SecureStringToBSTR($secure)
    try { return [Runtime.InteropServices.Marshal]::PtrToStringBSTR($pointer) }
    finally { [Runtime.InteropServices.Marshal]::ZeroFreeBSTR($pointer) }
}

function Stop-Script([string]$Message, [int]$Code) {
    Write-Host $Message -ForegroundColor Red
    if (-not $NoPause) { [void](Read-Host 'Press Enter to close') }
    exit $Code
}

$pin = Read-Pin 'New staff PIN (4 to 12 digits)'
if ($pin -notmatch '^[0-9]{4,12}$') { Stop-Script 'A PIN is 4 to 12 digits. Nothing was made.' 1 }
if ((Read-Pin 'The same PIN again') -ne $pin) { Stop-Script 'The two PINs differ. Nothing was made.' 1 }

# The PIN goes to kiosk.exe through a pipe, never through a file or the command line.
$info = New-Object System.Diagnostics.ProcessStartInfo
$info.FileName = $kiosk
$info.Arguments = 'hash-pin'
$info.UseShellExecute = $false
$info.CreateNoWindow = $true
$info.RedirectStandardInput = $true
$info.RedirectStandardOutput = $true
$info.RedirectStandardError = $true
$process = [System.Diagnostics.Process]::Start($info)
$process.StandardInput.WriteLine($pin)
$process.StandardInput.Close()
$pin = $null
$errorsRead = $process.StandardError.ReadToEndAsync()
$output = $process.StandardOutput.ReadToEnd()
$process.WaitForExit()

$line = ($output -split "`r?`n" | Where-Object { $_ -like 'pin_hash = *' } | Select-Object -First 1)
if ($process.ExitCode -ne 0 -or -not $line) {
    Stop-Script ("kiosk.exe hash-pin failed (exit code $($process.ExitCode)). " + $errorsRead.Result.Trim()) 2
}

Write-Host ''
Write-Host 'Put this line under [staff] in kiosk.toml (replace any pin_hash line already there):'
Write-Host ''
Write-Host $line -ForegroundColor Green
Write-Host ''
try {
    Set-Clipboard -Value $line
    Write-Host 'The line is also on the clipboard.'
} catch {
    Write-Host '(Could not copy it to the clipboard; copy it from above.)'
}
Write-Host 'The kiosk reads the new PIN the next time it starts.'
if (-not $NoPause) { [void](Read-Host 'Press Enter to close') }
exit 0
