package cli

import (
	"errors"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// Errors for lines redis-cli refuses. Their texts are the lines redis-cli
// prints for them.
var (
	// ErrInvalidArguments: an unbalanced quote, or a closing quote followed
	// by something other than a space.
	ErrInvalidArguments = errors.New("Invalid argument(s)")
	// ErrInvalidRepeat: a repeat count that is zero, negative or too big.
	ErrInvalidRepeat = errors.New("Invalid redis-cli repeat command option value.")
)

// Split splits a typed line into arguments by redis-cli's rules (Redis's
// sdssplitargs): arguments are separated by spaces; "double quotes" take
// \n \r \t \b \a \xHH and \<char> escapes; 'single quotes' take only \';
// a closing quote must be followed by a space or the end of the line.
// A blank line gives no arguments and no error.
func Split(line string) ([]string, error) {
	parts, ok := resp.SplitArgs([]byte(line))
	if !ok {
		return nil, ErrInvalidArguments
	}
	args := make([]string, len(parts))
	for i, p := range parts {
		args[i] = string(p)
	}
	return args, nil
}

// Line is a typed line, split.
type Line struct {
	// Repeat is how many times to send the command: a line may start with a
	// count, as in "3 INCR counter".
	Repeat int64
	// Args is the command and its arguments, without the count. It is empty
	// for a blank line, which redis-cli ignores.
	Args []string
}

// ParseLine splits a line as redis-cli's prompt does, taking a leading
// repeat count off. The first argument is a count when more arguments
// follow and it is entirely a decimal number (C's strtol: leading spaces
// and a sign allowed). A count that is not positive or overflows is
// ErrInvalidRepeat; so, as in redis-cli, is an empty first argument.
func ParseLine(line string) (Line, error) {
	args, err := Split(line)
	if err != nil {
		return Line{}, err
	}
	if len(args) < 2 {
		return Line{Repeat: 1, Args: args}, nil
	}
	n, isCount := parseCount(args[0])
	if !isCount {
		return Line{Repeat: 1, Args: args}, nil
	}
	if n <= 0 {
		return Line{}, ErrInvalidRepeat
	}
	return Line{Repeat: n, Args: args[1:]}, nil
}

// parseCount reads s as redis-cli's strtol(s, &end, 10) does and reports
// whether the conversion stopped at the end of the C string (the first NUL).
// Out of range values come back as 0, which the caller rejects, as redis-cli
// rejects ERANGE. A string with no digits reads as 0 and counts as a
// number only when it is empty, matching strtol leaving end at its start.
func parseCount(s string) (int64, bool) {
	if i := indexNUL(s); i >= 0 {
		s = s[:i]
	}
	p := 0
	for p < len(s) && isCSpace(s[p]) {
		p++
	}
	start := p
	if p < len(s) && (s[p] == '+' || s[p] == '-') {
		p++
	}
	digits := p
	for p < len(s) && s[p] >= '0' && s[p] <= '9' {
		p++
	}
	if p == digits { // no conversion: end is s itself
		return 0, s == ""
	}
	if p != len(s) {
		return 0, false
	}
	n, err := strconv.ParseInt(s[start:p], 10, 64)
	if err != nil {
		return 0, true // strtol's ERANGE
	}
	return n, true
}

func indexNUL(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return i
		}
	}
	return -1
}

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
