package hll

import (
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// reply is a parsed RESP reply of the oracle or of the simulation.
type reply = resp.Value

// startOracle starts a real redis-server for the test, the oracle of the
// differential tests (skipped without redis-server, failed under CI=true).
func startOracle(t *testing.T, extraArgs ...string) *redistest.Client {
	t.Helper()
	return redistest.StartClient(t, extraArgs...)
}
