//go:build linux

package cli

import (
	"os/exec"
	"syscall"
)

// dieWithTest has the kernel kill a server started by the test if the test
// binary dies without cleaning up, after a panic or a timeout.
func dieWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
