package lua

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// parseSpec reads a printf conversion such as "%-#8.3x" (or with C's
// "ll" length modifier, which the vectors need and Lua never passes).
func parseSpec(t *testing.T, format string) cSpec {
	t.Helper()
	format = strings.Replace(format, "ll", "", 1)
	var spec cSpec
	i := 1
	for ; strings.IndexByte("-+ #0", format[i]) >= 0; i++ {
		switch format[i] {
		case '-':
			spec.minus = true
		case '+':
			spec.plus = true
		case ' ':
			spec.space = true
		case '#':
			spec.alt = true
		case '0':
			spec.zero = true
		}
	}
	j := i
	for isDigit(format[j]) {
		j++
	}
	spec.width, _ = strconv.Atoi(format[i:j])
	spec.prec = -1
	if format[j] == '.' {
		k := j + 1
		for isDigit(format[k]) {
			k++
		}
		spec.prec, _ = strconv.Atoi(format[j+1 : k])
		j = k
	}
	spec.verb = format[j]
	return spec
}

func TestFormatFloatMatchesGlibc(t *testing.T) {
	for _, v := range readVectors(t, "floats.txt") {
		bits, _ := strconv.ParseUint(v[1], 16, 64)
		f := math.Float64frombits(bits)
		spec := parseSpec(t, v[0])
		if got := spec.formatFloat(f); got != v[2] {
			t.Errorf("%s of %v: got %q, want %q", v[0], f, got, v[2])
		}
	}
}

func TestFormatIntMatchesGlibc(t *testing.T) {
	for _, v := range readVectors(t, "ints.txt") {
		n, _ := strconv.ParseInt(v[1], 10, 64)
		spec := parseSpec(t, v[0])
		signed := spec.verb == 'd' || spec.verb == 'i'
		if got := spec.formatInt(uint64(n), signed); got != v[2] {
			t.Errorf("%s of %d: got %q, want %q", v[0], n, got, v[2])
		}
	}
}

func TestFormatString(t *testing.T) {
	for _, c := range []struct {
		format, s, want string
	}{
		{"%s", "abc", "abc"}, {"%5s", "ab", "   ab"}, {"%-5s", "ab", "ab   "}, {"%.2s", "abcdef", "ab"},
		{"%5.1s", "xyz", "    x"},
	} {
		spec := parseSpec(t, c.format)
		if got := spec.formatString(c.s); got != c.want {
			t.Errorf("%s of %q: got %q, want %q", c.format, c.s, got, c.want)
		}
	}
}
