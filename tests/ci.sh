#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# .ci/run's packages stage, with dpkg-query, apt-get, sudo and id stood in
# for by stubs that log their calls: under CI it installs what is missing,
# as root directly, otherwise through sudo that never asks for a password;
# outside CI (CI unset, "false" or "0") it names what is missing, installs
# nothing and fails; an unknown stage is an error naming the stages.
set -u

plan=5
. "$(dirname "$0")/lib/tap.sh"

mkdir "$tmp/bin"
# Nothing is installed but gcc.
cat >"$tmp/bin/dpkg-query" <<'EOF'
#!/bin/sh
for p; do :; done
[ "$p" = gcc ] && printf 'install ok installed'
exit 0
EOF
cat >"$tmp/bin/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $* (DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-})" >>"$LOG"
EOF
cat >"$tmp/bin/sudo" <<'EOF'
#!/bin/sh
echo "sudo $1" >>"$LOG"
shift
exec "$@"
EOF
cat >"$tmp/bin/id" <<'EOF'
#!/bin/sh
echo "$FAKE_UID"
EOF
chmod +x "$tmp/bin"/*

# run CI UID: the packages stage; its status, its output in $tmp/out, the
# stubs' calls in $tmp/log.
run() {
	: >"$tmp/log"
	env PATH="$tmp/bin:$PATH" LOG="$tmp/log" CI="$1" FAKE_UID="$2" \
		bash "$root/.ci/run" packages >"$tmp/out" 2>&1
}

run "" 1000
st=$?
diag <"$tmp/out"
[ $st != 0 ] && [ ! -s "$tmp/log" ] && grep -q "missing packages: make " "$tmp/out" &&
	! grep -q "missing packages: gcc" "$tmp/out"
ok $? "outside CI: names the missing packages, installs nothing, fails"

run false 0
[ $? != 0 ] && [ ! -s "$tmp/log" ]
ok $? "CI=false is outside CI, even as root"

run true 0
st=$?
diag <"$tmp/log"
[ $st = 0 ] && ! grep -q sudo "$tmp/log" &&
	grep -q "^apt-get install -y -q --no-install-recommends make .*qemu-user (DEBIAN_FRONTEND=noninteractive)" "$tmp/log"
ok $? "under CI as root: apt-get itself, non-interactive, every missing package"

run true 1000
st=$?
[ $st = 0 ] && grep -q "^sudo -n$" "$tmp/log" &&
	grep -q "^apt-get install -y" "$tmp/log"
ok $? "under CI as another user: through sudo -n"

bash "$root/.ci/run" no-such-stage >"$tmp/out" 2>&1
[ $? = 2 ] && grep -q "unknown stage: no-such-stage (packages check mutate kernel aarch64)" "$tmp/out"
ok $? "an unknown stage is an error naming the stages"
