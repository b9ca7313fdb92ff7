# Build pexdesk as a one-folder application (dist\pexdesk\) on Windows, then check the frozen app.
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# Needs Python >= 3.11 (64-bit) on PATH as "py" (the Python launcher) or "python".
# Produces dist\pexdesk\pexdesk.exe (windowed: the application) and dist\pexdesk\pexdesk-cli.exe
# (console: « pexdesk-cli smoke », « pexdesk-cli report … »), sharing dist\pexdesk\_internal\.
# Signing is a separate step: see packaging\WINDOWS-SIGNING.md.
# Written for Windows PowerShell 5.1 and PowerShell 7; not run by the Linux CI.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root
$venv = Join-Path $root 'packaging\.build-venv'
$vpy = Join-Path $venv 'Scripts\python.exe'

function Fail($message) {
    Write-Host "build : ÉCHEC : $message" -ForegroundColor Red
    exit 1
}

# Run a native command; stop on a non-zero exit code (PowerShell does not by itself).
function Invoke-Checked {
    param([string]$What, [scriptblock]$Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { Fail "$What (code $LASTEXITCODE)" }
}

if (-not (Test-Path $vpy)) {
    if (Get-Command py -ErrorAction SilentlyContinue) {
        Invoke-Checked 'création du venv' { py -3 -m venv $venv }
    } else {
        Invoke-Checked 'création du venv' { python -m venv $venv }
    }
}
Invoke-Checked 'pip' { & $vpy -m pip install -q --disable-pip-version-check --upgrade pip }
Invoke-Checked 'pip pyinstaller' { & $vpy -m pip install -q --disable-pip-version-check "pyinstaller>=6.10,<7" "pillow>=10" }
Invoke-Checked 'pip pexdesk' { & $vpy -m pip install -q --disable-pip-version-check --force-reinstall --no-deps . }
Invoke-Checked 'pip dépendances' { & $vpy -m pip install -q --disable-pip-version-check . }

Write-Host 'build : PyInstaller…'
Invoke-Checked 'pyinstaller' {
    & $vpy -m PyInstaller --noconfirm --clean --log-level WARN `
        --distpath (Join-Path $root 'dist') --workpath (Join-Path $root 'build') `
        packaging\pexdesk.spec
}

$gui = Join-Path $root 'dist\pexdesk\pexdesk.exe'
$cli = Join-Path $root 'dist\pexdesk\pexdesk-cli.exe'
foreach ($exe in @($gui, $cli)) { if (-not (Test-Path $exe)) { Fail "$exe absent" } }

# --- Verification of the frozen application (through the console executable) -------------
$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("pexdesk-build-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    Push-Location $tmp
    $db = Join-Path $tmp 'demo.db'
    $pdf = Join-Path $tmp 'bilan.pdf'
    Invoke-Checked 'pexdesk-cli --version' { & $cli --version }
    Invoke-Checked 'pexdesk-cli demo' { & $cli demo --db $db | Out-Null }
    Invoke-Checked 'pexdesk-cli check' { & $cli check --db $db | Out-Null }
    $env:QT_QPA_PLATFORM = 'offscreen'
    Invoke-Checked 'pexdesk-cli smoke' { & $cli smoke --db $db }
    Remove-Item Env:\QT_QPA_PLATFORM
    Invoke-Checked 'pexdesk-cli report' { & $cli report --db $db --out $pdf | Out-Null }
    if (-not (Test-Path $pdf) -or (Get-Item $pdf).Length -eq 0) { Fail 'bilan.pdf absent' }
    Pop-Location
} finally {
    Remove-Item Env:\QT_QPA_PLATFORM -ErrorAction SilentlyContinue
    Set-Location $root
    Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}

$bytes = (Get-ChildItem -Recurse -File (Join-Path $root 'dist\pexdesk') | Measure-Object -Sum Length).Sum
Write-Host ("build : taille de dist\pexdesk : {0:N0} Mo" -f ($bytes / 1MB))
Write-Host 'build : OK (à signer : voir packaging\WINDOWS-SIGNING.md)'
