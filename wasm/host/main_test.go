package host

import "os"

// ci reports whether the tests run in CI, where a missing reference tool
// fails them instead of skipping.
func ci() bool { return os.Getenv("CI") == "true" }
