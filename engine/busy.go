package engine

// busyScript describes a script that ran past busy-reply-threshold; while
// it runs, other clients get a BUSY error (scripting sets it).
type busyScript interface {
	errorText() string
}
