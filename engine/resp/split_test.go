package resp

import (
	"reflect"
	"testing"
)

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"   ", nil, true},
		{"set k v", []string{"set", "k", "v"}, true},
		{"  set   k\tv  ", []string{"set", "k", "v"}, true},
		{`set "a b" 'c d'`, []string{"set", "a b", "c d"}, true},
		{`"\x41\x4a\n\t\r\b\a\z\""`, []string{"AJ\n\t\r\b\a" + "z\""}, true},
		{`"\x4"`, []string{`x4`}, true},
		{`'it\'s' '\n'`, []string{"it's", `\n`}, true},
		{`""`, []string{""}, true},
		{`a""b`, nil, false},
		{`a"b c" d`, []string{"ab c", "d"}, true},
		{`"abc"d`, nil, false},
		{`'abc'd`, nil, false},
		{`"abc`, nil, false},
		{`'abc`, nil, false},
		{"a\x00b c", []string{"a"}, true},
	}
	for _, tt := range tests {
		got, ok := SplitArgs([]byte(tt.in))
		if ok != tt.ok || !reflect.DeepEqual(normalize(got), tt.want) {
			t.Errorf("SplitArgs(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzSplitArgs(f *testing.F) {
	for _, s := range []string{`set "a b" 'c'`, `"\x41"`, `'\''`, `"unbalanced`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		args, ok := SplitArgs(in)
		if !ok {
			return
		}
		for _, a := range args {
			if len(a) > len(in) {
				t.Fatalf("argument longer than the line: %q", a)
			}
		}
	})
}
