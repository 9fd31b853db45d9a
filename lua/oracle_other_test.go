//go:build !linux

package lua

import "os/exec"

func detachOnDeath(cmd *exec.Cmd) {}
