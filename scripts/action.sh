#!/usr/bin/env bash
# The logic of the planlint GitHub Action (action.yml), one subcommand per step:
#
#   action.sh key      cache key and folder of the build (outputs `key`, `dir`)
#   action.sh install  build planlint from the action's source, or download a
#                      release when INPUT_VERSION is set (output `bin`)
#   action.sh check    run `planlint check` once: annotations on stdout, the
#                      Markdown summary appended to GITHUB_STEP_SUMMARY,
#                      outputs `errors`, `warnings`, `sarif-file` to
#                      GITHUB_OUTPUT; exits with planlint's exit code
#
# Inputs arrive as environment variables (INPUT_PATH, INPUT_CONFIG, INPUT_ARGS,
# INPUT_FAIL_ON, INPUT_DIFF_BASE, INPUT_CONFIG_REV, INPUT_SARIF_FILE, INPUT_SUMMARY,
# INPUT_VERSION), never spliced into the script's text. Nothing here reads the
# pull request: planlint reads the event payload (GITHUB_EVENT_PATH) itself.
#
# PLANLINT_BIN: the binary `install` chose, handed to `check` by action.yml.
# Tests set it to a built binary so that `install` builds nothing; it is not
# an input of the action.
set -euo pipefail

die() {
    # A fixed text, plus values from the workflow's author (inputs), never
    # from the pull request. `::error::` makes it visible on the run's page.
    local message=${1//'%'/'%25'}
    message=${message//$'\r'/'%0D'}
    message=${message//$'\n'/'%0A'}
    echo "::error title=planlint action::$message"
    exit 2
}

# `name=value` to GITHUB_OUTPUT (when GitHub gave one). Values here are
# numbers and paths, but use the delimiter form so that no value can add
# an output of its own.
set_output() {
    local name=$1 value=$2 delimiter
    [[ -n ${GITHUB_OUTPUT:-} ]] || return 0
    delimiter="planlint_$RANDOM$RANDOM$RANDOM"
    {
        printf '%s<<%s\n' "$name" "$delimiter"
        printf '%s\n' "$value"
        printf '%s\n' "$delimiter"
    } >>"$GITHUB_OUTPUT"
}

sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$@" | cut -d' ' -f1
    else
        shasum -a 256 "$@" | cut -d' ' -f1
    fi
}

action_path() {
    local dir=${GITHUB_ACTION_PATH:-}
    if [[ -z $dir ]]; then
        dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    fi
    printf '%s\n' "$dir"
}

exe_suffix() {
    if [[ ${RUNNER_OS:-} == Windows ]]; then printf '.exe'; fi
}

# The build is cached by the lockfile and by the action's source, so a new
# version of the action never reuses an older build.
cmd_key() {
    local src lock sources
    src=$(action_path)
    lock=$(sha256 "$src/Cargo.lock")
    sources=$(cd "$src" && find Cargo.toml Cargo.lock build.rs src rules -type f -print |
        LC_ALL=C sort | while IFS= read -r file; do
            printf '%s %s\n' "$(sha256 "$file")" "$file"
        done | sha256 -)
    set_output key "planlint-${RUNNER_OS:-local}-${RUNNER_ARCH:-local}-lock-${lock:0:16}-src-${sources:0:16}"
    set_output dir "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/planlint-action"
}

cmd_install() {
    if [[ -n ${PLANLINT_BIN:-} ]]; then
        [[ -x $PLANLINT_BIN ]] || die "PLANLINT_BIN ($PLANLINT_BIN) is not an executable file"
        set_output bin "$PLANLINT_BIN"
        return
    fi
    if [[ -n ${INPUT_VERSION:-} ]]; then
        download "$INPUT_VERSION" required
        return
    fi
    # The release matching the action's own ref: `@v0.2.0` is release
    # 0.2.0; a major or minor tag (`@v1`, `@v1.2`) is the release of the
    # version its Cargo.toml declares, when that version is under it. A
    # branch, a commit or a fork's ref without a release builds from source.
    local ref=${ACTION_REF:-} version="" crate
    if [[ $ref =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
        version=$ref
    elif [[ $ref =~ ^v[0-9]+(\.[0-9]+)?$ ]]; then
        crate=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$(action_path)/Cargo.toml" | head -n 1)
        if [[ $crate == "${ref#v}".* ]]; then version=v$crate; fi
    fi
    if [[ -n $version ]] && download "$version" optional; then
        return
    fi
    echo "planlint: no release matches the action's ref \`${ref:-unknown}\`: building from source"
    build
}

build() {
    local src dir bin cargo
    src=$(action_path)
    dir=${PLANLINT_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/planlint-action}
    bin="$dir/bin/planlint$(exe_suffix)"
    if [[ -x $bin ]]; then
        echo "planlint: using the cached build ($("$bin" --version))"
        set_output bin "$bin"
        return
    fi
    # The stable toolchain, whatever rust-toolchain file the checked
    # repository has (cargo looks for one from the current folder).
    if command -v rustup >/dev/null 2>&1; then
        rustup toolchain install stable --profile minimal --no-self-update >/dev/null
        cargo=(cargo +stable)
    elif command -v cargo >/dev/null 2>&1; then
        cargo=(cargo)
    else
        die "building planlint needs Rust (cargo), which this runner lacks: install it first (e.g. dtolnay/rust-toolchain), or set the action's version input to download a release"
    fi
    echo "planlint: building from $src"
    (cd "$src" && "${cargo[@]}" install --locked --quiet --path "$src" --root "$dir")
    set_output bin "$bin"
    set_output built true
}

# A release asset `planlint-v$VERSION-$TARGET.tar.gz` (holding the binary
# `planlint` at its top level; on Windows `.zip` holding `planlint.exe`, as
# .github/workflows/release.yml packs them) and its `.sha256`, from the GitHub releases of
# the action's repository (planlint/planlint when run as `uses: ./`), over
# HTTPS only. The checksum is verified before anything is unpacked.
#
#   download VERSION required   a failure ends the step (exit 2)
#   download VERSION optional   a missing release or platform returns 1, so
#                               the caller builds; a bad checksum still ends it
#
# PLANLINT_RELEASES_URL replaces `https://github.com/OWNER/REPO/releases/download`
# for the tests (a local server); only an http URL on the loopback is also
# allowed there. It is not an input of the action.
download() {
    local mode=$2 version repo target asset base url dir expected actual proto='=https'
    local archive=tar.gz exe=planlint
    version=${1#v}
    unavailable() {
        if [[ $mode == optional ]]; then
            echo "planlint: $1"
            return 1
        fi
        die "$1"
    }
    [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] ||
        die "the version input must look like 1.2.3, not \`$1\`"
    repo=${ACTION_REPOSITORY:-}
    [[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || repo=planlint/planlint
    case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) target=x86_64-unknown-linux-gnu ;;
    Linux/ARM64) target=aarch64-unknown-linux-gnu ;;
    macOS/X64) target=x86_64-apple-darwin ;;
    macOS/ARM64) target=aarch64-apple-darwin ;;
    Windows/X64) target=x86_64-pc-windows-msvc archive=zip exe=planlint.exe ;;
    *)
        unavailable "no planlint release is built for ${RUNNER_OS:-this OS}/${RUNNER_ARCH:-this CPU}: leave the version input empty to build from source" || return 1
        ;;
    esac
    base="https://github.com/$repo/releases/download"
    if [[ -n ${PLANLINT_RELEASES_URL:-} ]]; then
        base=${PLANLINT_RELEASES_URL%/}
        [[ $base =~ ^(https://|http://127\.0\.0\.1[:/]|http://localhost[:/]) ]] ||
            die "PLANLINT_RELEASES_URL must be https, or http on the loopback"
        [[ $base == https://* ]] || proto='=http,https'
    fi
    asset="planlint-v$version-$target.$archive"
    url="$base/v$version/$asset"
    dir=$(mktemp -d "$(temp_root)/planlint-release.XXXXXX")
    echo "planlint: downloading $url"
    if ! curl --proto "$proto" --tlsv1.2 -fsSL --retry 3 -o "$dir/$asset" "$url" ||
        ! curl --proto "$proto" --tlsv1.2 -fsSL --retry 3 -o "$dir/$asset.sha256" "$url.sha256"; then
        rm -rf "$dir"
        unavailable "cannot download $url (or its .sha256)" || return 1
    fi
    expected=$(cut -d' ' -f1 <"$dir/$asset.sha256")
    actual=$(sha256 "$dir/$asset")
    [[ -n $expected && $expected == "$actual" ]] ||
        die "$asset does not match its published sha256"
    # Called from an `if`, where `set -e` does not apply: each step checks.
    if [[ $archive == zip ]]; then
        # Git Bash on GitHub's Windows runners has unzip; its tar reads no zip.
        unzip -q -o "$dir/$asset" "$exe" -d "$dir" || die "$asset holds no \`$exe\`"
    else
        tar -xzf "$dir/$asset" -C "$dir" "$exe" || die "$asset holds no \`$exe\`"
    fi
    chmod +x "$dir/$exe" || die "cannot make $dir/$exe executable"
    echo "planlint: using the release ($("$dir/$exe" --version))"
    set_output bin "$dir/$exe"
}

# The runner's temporary folder, as a path bash's tools take (on Windows,
# RUNNER_TEMP is `D:\a\_temp`: cygpath turns it into `/d/a/_temp`).
temp_root() {
    local dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
    if command -v cygpath >/dev/null 2>&1; then dir=$(cygpath -u "$dir"); fi
    printf '%s\n' "$dir"
}

# libgit2, like git, refuses a repository owned by another user: a container
# job's checkout often is. In GitHub Actions only (never on a developer's
# machine), marks it safe in the global git config, with git
# when there is one, else by appending to ~/.gitconfig (what libgit2 reads).
mark_safe() {
    local dir=$1 quoted
    echo "planlint: marking $dir as a safe git directory (it belongs to another user)"
    if command -v git >/dev/null 2>&1; then
        git config --global --add safe.directory "$dir"
    else
        quoted=${dir//\\/\\\\}
        quoted=${quoted//\"/\\\"}
        printf '[safe]\n\tdirectory = "%s"\n' "$quoted" >>"$HOME/.gitconfig"
    fi
}

# The work tree holding PATH: the nearest folder at or above it with a `.git`.
repository_of() {
    local dir=$1
    [[ -d $dir ]] || dir=$(dirname "$dir")
    dir=$(cd "$dir" 2>/dev/null && pwd -P) || return 0
    while [[ ! -e $dir/.git ]]; do
        [[ $dir != / && -n $dir ]] || return 0
        dir=$(dirname "$dir")
    done
    printf '%s\n' "$dir"
}

cmd_check() {
    local planlint=${PLANLINT_BIN:-planlint}
    local fail_on=${INPUT_FAIL_ON:-error} summary=${INPUT_SUMMARY:-true} report=${INPUT_REPORT:-false}
    local sarif=${INPUT_SARIF_FILE:-} tmp code repo marked
    local -a args extra
    case $fail_on in error | warning | never) ;; *)
        die "the fail-on input must be error, warning or never, not \`$fail_on\`" ;;
    esac
    case $summary in true | false) ;; *)
        die "the summary input must be true or false, not \`$summary\`" ;;
    esac
    case $report in true | false) ;; *)
        die "the report input must be true or false, not \`$report\`" ;;
    esac

    tmp=$(mktemp -d "$(temp_root)/planlint.XXXXXX")
    # --strict: a glob that matches nothing fails the step instead of passing.
    args=(check --format github --strict --fail-on "$fail_on" --output "json:$tmp/report.json")
    if [[ $summary == true ]]; then args+=(--output "markdown:$tmp/summary.md"); fi
    if [[ -n $sarif ]]; then args+=(--output "sarif:$sarif"); fi
    if [[ -n ${INPUT_CONFIG:-} ]]; then args+=(--config "$INPUT_CONFIG"); fi
    if [[ -n ${INPUT_DIFF_BASE:-} ]]; then args+=(--diff-base "$INPUT_DIFF_BASE"); fi
    if [[ -n ${INPUT_CONFIG_REV:-} ]]; then args+=(--config-rev "$INPUT_CONFIG_REV"); fi
    # Split at whitespace (newlines too); quotes inside `args` are not
    # interpreted, and nothing is expanded.
    read -r -d '' -a extra <<<"${INPUT_ARGS:-}" || true
    args+=(${extra[@]+"${extra[@]}"} -- "${INPUT_PATH:-.}")

    repo=$(repository_of "${INPUT_PATH:-.}")
    marked=false
    if [[ ${GITHUB_ACTIONS:-} == true && -n $repo && ! -O $repo ]]; then
        mark_safe "$repo"
        marked=true
    fi
    code=0
    "$planlint" "${args[@]}" 2>"$tmp/stderr" || code=$?
    cat "$tmp/stderr" >&2
    # Owned by this user, yet refused (its `.git` belongs to someone else):
    # planlint's error says so; mark the work tree safe and run once more.
    if [[ $code == 2 && $marked == false && ${GITHUB_ACTIONS:-} == true && -n $repo ]] &&
        tr -s ' \n' '  ' <"$tmp/stderr" | grep -q 'owned by another user'; then
        mark_safe "$repo"
        code=0
        "$planlint" "${args[@]}" || code=$?
    fi

    if [[ -f $tmp/report.json ]]; then
        # The summary object's counts: the only `"errors":` / `"warnings":`
        # keys at the start of a line (text inside messages is escaped JSON
        # on the message's own line, so it cannot start one).
        set_output errors "$(sed -n 's/^ *"errors": *\([0-9][0-9]*\),\{0,1\} *$/\1/p' "$tmp/report.json" | tail -n 1)"
        set_output warnings "$(sed -n 's/^ *"warnings": *\([0-9][0-9]*\),\{0,1\} *$/\1/p' "$tmp/report.json" | tail -n 1)"
    fi
    if [[ $code != 2 && -n $sarif && -f $sarif ]]; then set_output sarif-file "$sarif"; fi
    # `--output` writes a file afresh; GitHub's summary file collects every
    # step's summary, so planlint's is appended to it.
    if [[ -f $tmp/summary.md && -n ${GITHUB_STEP_SUMMARY:-} ]]; then
        cat "$tmp/summary.md" >>"$GITHUB_STEP_SUMMARY"
    fi
    # The plan drawn with its findings (`planlint report`), after the summary.
    if [[ $report == true && $code != 2 && -n ${GITHUB_STEP_SUMMARY:-} ]]; then
        local -a rargs=(report --format markdown)
        if [[ -n ${INPUT_CONFIG:-} ]]; then rargs+=(--config "$INPUT_CONFIG"); fi
        if "$planlint" "${rargs[@]}" -- "${INPUT_PATH:-.}" >"$tmp/plan.md"; then
            cat "$tmp/plan.md" >>"$GITHUB_STEP_SUMMARY"
        fi
    fi
    if [[ $code == 2 ]]; then
        echo "::error title=planlint::planlint could not check the plan (exit code 2): see the error above"
    fi
    rm -rf "$tmp"
    exit "$code"
}

case ${1:-} in
key) cmd_key ;;
install) cmd_install ;;
check) cmd_check ;;
*)
    echo "usage: action.sh key|install|check" >&2
    exit 2
    ;;
esac
