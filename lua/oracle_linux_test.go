//go:build linux

package lua

import (
	"os/exec"
	"syscall"
)

// detachOnDeath makes the oracle redis-server die with the test binary,
// even when the binary is killed (for example by a test timeout).
func detachOnDeath(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
