package engine

import "strconv"

func appendInt(b []byte, n int64) []byte { return strconv.AppendInt(b, n, 10) }

func itoa(n int) string { return strconv.Itoa(n) }
