//go:build !linux

package cli

import "os/exec"

// dieWithTest would tie the server's life to the test binary's; only Linux
// offers that.
func dieWithTest(cmd *exec.Cmd) {}
