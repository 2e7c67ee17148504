#!/usr/bin/env bash
# The wheel as a user installs it, on one Python, from a fresh environment outside the checkout: build it,
# install it, `vnews run` the bundled sample into a temporary data directory, count its documents.
# Usage: tests/smoke_wheel.sh PYTHON [INSTALLER]; INSTALLER is pip (a venv and plain pip), uv (uv venv and
# uv pip, the default: fastest) or tool (uv tool install, the `vnews` command on PATH). Any failure exits non-zero.
set -euo pipefail
python=$1 installer=${2:-uv}
repo=$(cd "$(dirname "$0")/.." && pwd)
uv=$repo/.tools/bin/uv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$SECONDS

fail() { echo "smoke-wheel FAILED ($("$python" -V), $installer): $*" >&2; echo "smoke-wheel: 0 passed, 1 failed"; exit 1; }

"$uv" build --wheel --quiet --python "$python" --out-dir "$work/dist" "$repo" || fail "uv build"
wheel=$(echo "$work"/dist/vnews-*-py3-none-any.whl)
version=$(basename "$wheel" | cut -d- -f2)
case $installer in
  # plain pip, held to the versions uv.lock pins (as constraints: pip still resolves), so a release upstream
  # cannot make CI differ from the lock
  pip) "$uv" export --quiet --frozen --no-dev --no-emit-project --no-hashes --project "$repo" \
         -o "$work/constraints.txt" || fail "uv export"
       "$python" -m venv "$work/venv" && "$work/venv/bin/pip" install --quiet "$wheel" -c "$work/constraints.txt" ||
         fail "pip install"
       bin=$work/venv/bin ;;
  uv) "$uv" venv --quiet --python "$python" "$work/venv" &&
      "$uv" pip install --quiet --python "$work/venv/bin/python" "$wheel" || fail "uv pip install"
      bin=$work/venv/bin ;;
  tool) UV_TOOL_DIR=$work/tools UV_TOOL_BIN_DIR=$work/bin "$uv" tool install --quiet --python "$python" "$wheel" ||
        fail "uv tool install"
        bin=$work/bin ;;
  *) fail "unknown installer $installer (pip, uv or tool)" ;;
esac
echo "smoke-wheel: installed $(basename "$wheel") with $installer in $((SECONDS - started)) s"

# Outside the checkout (its modules must not be the ones imported), with a Prefect of its own and no server:
# `vnews run` starts Prefect's temporary one
cd "$work"
export PATH=$bin:$PATH PREFECT_HOME=$work/prefect VNEWS_DATA_DIR=$work/data
unset PREFECT_API_URL PREFECT_PROFILES_PATH VIRTUAL_ENV
[ "$(command -v vnews)" = "$bin/vnews" ] || fail "vnews is not the installed command: $(command -v vnews)"
[ "$(vnews --version)" = "vnews $version" ] || fail "vnews --version says '$(vnews --version)', the wheel is $version"
vnews run || fail "vnews run"
counted=$(vnews sql "select count(*) from documents" --format csv) || fail "vnews sql"
documents=$(tail -1 <<<"$counted")
[ "$documents" = 5 ] || fail "the bundled sample gave $documents documents, not 5"

echo "smoke-wheel: vnews $version on $("$python" -V) ($installer): 5 documents, $((SECONDS - started)) s"
echo "smoke-wheel: 1 passed, 0 failed"
