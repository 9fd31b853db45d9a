package lua

import (
	"math"
	"strconv"
	"strings"
)

// cSpec is one parsed printf conversion: flags, width, precision (-1 when
// absent) and the conversion letter.
type cSpec struct {
	minus, plus, space, alt, zero bool
	width                         int
	prec                          int
	verb                          byte
}

// pad applies the field width to body, whose sign or prefix is head;
// zero padding goes between them.
func (c *cSpec) pad(head, body string, zeroOK bool) string {
	n := len(head) + len(body)
	if n >= c.width {
		return head + body
	}
	fill := c.width - n
	switch {
	case c.minus:
		return head + body + strings.Repeat(" ", fill)
	case c.zero && zeroOK:
		return head + strings.Repeat("0", fill) + body
	default:
		return strings.Repeat(" ", fill) + head + body
	}
}

func (c *cSpec) signOf(neg bool) string {
	switch {
	case neg:
		return "-"
	case c.plus:
		return "+"
	case c.space:
		return " "
	}
	return ""
}

// formatInt formats %d/%i (signed) or %o/%u/%x/%X (unsigned) of the 64-bit
// value v, as glibc does.
func (c *cSpec) formatInt(v uint64, signed bool) string {
	neg := signed && int64(v) < 0
	mag := v
	if neg {
		mag = -v
	}
	base := 10
	switch c.verb {
	case 'o':
		base = 8
	case 'x', 'X':
		base = 16
	}
	digits := strconv.FormatUint(mag, base)
	if c.verb == 'X' {
		digits = strings.ToUpper(digits)
	}
	if c.prec == 0 && mag == 0 {
		digits = ""
	}
	if c.prec > len(digits) {
		digits = strings.Repeat("0", c.prec-len(digits)) + digits
	}
	head := ""
	if signed {
		head = c.signOf(neg)
	}
	if c.alt {
		switch {
		case c.verb == 'o' && !strings.HasPrefix(digits, "0"):
			digits = "0" + digits
		case c.verb == 'x' && mag != 0:
			head = "0x"
		case c.verb == 'X' && mag != 0:
			head = "0X"
		}
	}
	return c.pad(head, digits, c.prec < 0)
}

// formatFloat formats %e, %E, %f, %g or %G of f, as glibc does.
func (c *cSpec) formatFloat(f float64) string {
	upper := c.verb == 'E' || c.verb == 'G'
	head := c.signOf(math.Signbit(f))
	if math.IsInf(f, 0) || math.IsNaN(f) {
		body := "inf"
		if math.IsNaN(f) {
			body = "nan"
		}
		if upper {
			body = strings.ToUpper(body)
		}
		return c.pad(head, body, false)
	}
	f = math.Abs(f)
	prec := c.prec
	if prec < 0 {
		prec = 6
	}
	var body string
	switch c.verb {
	case 'e', 'E':
		body = strconv.FormatFloat(f, 'e', prec, 64)
		if c.alt && prec == 0 {
			body = strings.Replace(body, "e", ".e", 1)
		}
	case 'f':
		body = strconv.FormatFloat(f, 'f', prec, 64)
		if c.alt && prec == 0 {
			body += "."
		}
	default: // g, G
		if prec == 0 {
			prec = 1
		}
		body = c.formatG(f, prec)
	}
	if upper {
		body = strings.ToUpper(body)
	}
	return c.pad(head, body, true)
}

// formatG is %g of a non-negative finite f with precision prec >= 1; with
// the '#' flag trailing zeros and the point stay.
func (c *cSpec) formatG(f float64, prec int) string {
	if !c.alt {
		return string(appendG(nil, f, prec))
	}
	e := strconv.FormatFloat(f, 'e', prec-1, 64)
	mark := strings.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(e[mark+1:])
	if exp == prec && decimalExponent(f) == prec-1 {
		// glibc quirk: when rounding carries the value into the
		// exponential style, %#g prints no fraction digits ("1.e+03").
		return e[:1] + "." + e[mark:]
	}
	if exp < -4 || exp >= prec {
		if !strings.Contains(e[:mark], ".") {
			return e[:mark] + "." + e[mark:]
		}
		return e
	}
	s := strconv.FormatFloat(f, 'f', prec-1-exp, 64)
	if !strings.Contains(s, ".") {
		s += "."
	}
	return s
}

// decimalExponent is the exponent of f's exact decimal value, before any
// rounding to a precision.
func decimalExponent(f float64) int {
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	return exp
}

// formatString formats %s of s.
func (c *cSpec) formatString(s string) string {
	if c.prec >= 0 && c.prec < len(s) {
		s = s[:c.prec]
	}
	return c.pad("", s, false)
}
