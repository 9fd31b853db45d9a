// Package redistest runs differential tests: the same commands go to a
// real redis-server 7.0.15, started by the test, and to redwasm, and the
// raw reply bytes are compared.
//
// A test package starts one server in TestMain with Main, then each test
// opens a Pair of connections, one on each side, and checks commands:
//
//	func TestMain(m *testing.M) { redistest.Main(m) }
//
//	func TestGet(t *testing.T) {
//		p := redistest.NewPair(t, newTarget(t))
//		p.Check("SET", "k", "v")
//		p.Check("GET", "k")
//	}
//
// When redis-server is missing the tests skip, except under CI=true, where
// they fail: CI must never pass without comparing.
package redistest
