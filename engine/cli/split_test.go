package cli

import (
	"reflect"
	"strings"
	"testing"
)

// The expected results are redis-cli's: TestSplitMatchesRedisCLI types
// these lines at its prompt too.
var parseLineTests = []struct {
	line string
	want Line
	err  error
}{
	{"", Line{Repeat: 1}, nil},
	{" \t ", Line{Repeat: 1, Args: []string{}}, nil},
	{"set k v", Line{1, []string{"set", "k", "v"}}, nil},
	{`set "a b" 'c d'`, Line{1, []string{"set", "a b", "c d"}}, nil},
	{`"\x41\n" '\n'`, Line{1, []string{"A\n", `\n`}}, nil},
	{`"abc`, Line{}, ErrInvalidArguments},
	{`"abc"d`, Line{}, ErrInvalidArguments},
	{"3 ping", Line{3, []string{"ping"}}, nil},
	{"+3 ping", Line{3, []string{"ping"}}, nil},
	{`" 3" ping`, Line{3, []string{"ping"}}, nil},
	{`"3 " ping`, Line{1, []string{"3 ", "ping"}}, nil},
	{"3", Line{1, []string{"3"}}, nil},
	{"0x10 ping", Line{1, []string{"0x10", "ping"}}, nil},
	{"0 ping", Line{}, ErrInvalidRepeat},
	{"-2 ping", Line{}, ErrInvalidRepeat},
	{`"" ping`, Line{}, ErrInvalidRepeat},
	{"99999999999999999999 ping", Line{}, ErrInvalidRepeat},
	{"9223372036854775807 ping", Line{9223372036854775807, []string{"ping"}}, nil},
	{"\"2\\x00junk\" ping", Line{2, []string{"ping"}}, nil},
}

func TestParseLine(t *testing.T) {
	for _, tt := range parseLineTests {
		got, err := ParseLine(tt.line)
		if err != tt.err || got.Repeat != tt.want.Repeat || len(got.Args) != len(tt.want.Args) ||
			len(got.Args) > 0 && !reflect.DeepEqual(got.Args, tt.want.Args) {
			t.Errorf("ParseLine(%q) = %+v, %v; want %+v, %v", tt.line, got, err, tt.want, tt.err)
		}
	}
}

func TestSplit(t *testing.T) {
	args, err := Split(`GET "key with spaces"`)
	if err != nil || !reflect.DeepEqual(args, []string{"GET", "key with spaces"}) {
		t.Errorf("Split = %q, %v", args, err)
	}
	if _, err := Split(`GET 'oops`); err != ErrInvalidArguments || err.Error() != "Invalid argument(s)" {
		t.Errorf("unbalanced quote: %v", err)
	}
}

func FuzzSplit(f *testing.F) {
	for _, tt := range parseLineTests {
		f.Add(tt.line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args, err := Split(line)
		parsed, perr := ParseLine(line)
		if (err == nil) != (perr == nil || perr == ErrInvalidRepeat) {
			t.Fatalf("Split and ParseLine disagree on %q: %v, %v", line, err, perr)
		}
		if err != nil {
			return
		}
		if perr == nil && !reflect.DeepEqual(parsed.Args, args[len(args)-len(parsed.Args):]) {
			t.Fatalf("ParseLine(%q).Args = %q, not a suffix of %q", line, parsed.Args, args)
		}
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = Quote(a)
		}
		again, err := Split(strings.Join(quoted, " "))
		if err != nil || len(again) != len(args) || len(args) > 0 && !reflect.DeepEqual(again, args) {
			t.Fatalf("quoted %q reads back as %q, %v", args, again, err)
		}
	})
}

func BenchmarkParseLine(b *testing.B) {
	line := `SET "user:1000:name" "Jane \"JD\" Doe\xe2\x9c\x93" EX 3600 NX`
	b.ReportAllocs()
	for b.Loop() {
		ParseLine(line)
	}
}
