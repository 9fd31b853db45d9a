package lua

import (
	"strings"
	"testing"

	glua "github.com/yuin/gopher-lua"
)

// run evaluates an EVAL body in a fresh State and returns the reply as
// Redis would render it (see evalReply).
func run(t *testing.T, body string) string {
	t.Helper()
	s := NewState()
	defer s.Close()
	return evalReply(s, body)
}

// cases is a table of EVAL bodies and expected replies; the expectations
// were checked against redis-server 7.0.15 (testdata/eval holds the same
// kinds of snippets, compared live).
type cases []struct{ body, want string }

func (cs cases) check(t *testing.T) {
	t.Helper()
	for _, c := range cs {
		if got := run(t, c.body); got != c.want {
			t.Errorf("%s\n got: %q\nwant: %q", c.body, got, c.want)
		}
	}
}

func TestStateErrorReplies(t *testing.T) {
	cases{
		{`return x`, "-ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: 03c387736bb5cc009ff35151572cee04677aa374, on @user_script:1."},
		{`x = 1`, "-ERR user_script:1: Attempt to modify a readonly table script: 34bce5f775de97f557a34088509c8bfe1ea17e52, on @user_script:1."},
		{`error({err="custom"})`, "-custom script: e83edb95cf13ef064db52ba3654bf2c24ac4fac2, on @user_script:1."},
		{`error("lvl2", 2)`, "-ERR lvl2 script: f14c832742ac8053d176c03729d50a5a8b52d4fb, on @user_script:1."},
		{`return loadstring("x = 5")()`, "-ERR [string \"x = 5\"]:1: Attempt to modify a readonly table script: 12ba2440894c44acdedf6ec52d27f4216b7b5533, on x = 5:1."},
	}.check(t)
}

func TestScriptErrorFields(t *testing.T) {
	s := NewState()
	defer s.Close()
	fn, err := s.Compile("local a = 1\nerror('boom')", "@user_script")
	if err != nil {
		t.Fatal(err)
	}
	_, serr := s.Call(fn)
	if serr == nil {
		t.Fatal("no error")
	}
	if serr.Message != "ERR user_script:2: boom" || serr.Source != "@user_script" || serr.Line != 2 {
		t.Errorf("got %+v", serr)
	}
	if got := serr.Reply("abc"); got != "ERR user_script:2: boom script: abc, on @user_script:2." {
		t.Errorf("Reply = %q", got)
	}
}

func TestCompileError(t *testing.T) {
	s := NewState()
	defer s.Close()
	if _, err := s.Compile("return (", "@user_script"); err == nil {
		t.Fatal("expected a syntax error")
	}
}

func TestSetGlobalIsReadOnly(t *testing.T) {
	s := NewState()
	defer s.Close()
	redis := s.L.NewTable()
	redis.RawSetString("version", glua.LString("7.0.15"))
	redis.RawSetString("nested", s.L.NewTable())
	s.SetGlobal("redis", redis)
	for body, want := range map[string]string{
		`return redis.version`:          "$7.0.15",
		`return type(redis.nested)`:     "$table",
		`redis.x = 1`:                   "Attempt to modify a readonly table",
		`redis.nested.x = 1`:            "Attempt to modify a readonly table",
		`rawset(redis, "version", "x")`: "Attempt to modify a readonly table",
	} {
		if got := evalReply(s, body); !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want it to contain %q", body, got, want)
		}
	}
}

func TestSetArgs(t *testing.T) {
	s := NewState()
	defer s.Close()
	fn, _ := s.Compile(`KEYS[3] = "c" return {KEYS[1], ARGV[1], ARGV[2], KEYS[3]}`, "@user_script")
	s.SetArgs([]string{"k1"}, []string{"a1", "a2"})
	v, serr := s.Call(fn)
	if serr != nil {
		t.Fatal(serr)
	}
	if got := luaToReply(v); got != "[$k1, $a1, $a2, $c]" {
		t.Errorf("got %s", got)
	}
}

func TestChunkID(t *testing.T) {
	for source, want := range map[string]string{
		"@user_script":                "user_script",
		"=stdin":                      "stdin",
		"return 1":                    `[string "return 1"]`,
		"a\nb":                        `[string "a..."]`,
		strings.Repeat("x", 50):       `[string "` + strings.Repeat("x", 43) + `..."]`,
		"@" + strings.Repeat("f", 60): "..." + strings.Repeat("f", 52),
	} {
		if got := chunkID(source); got != want {
			t.Errorf("chunkID(%q) = %q, want %q", source, got, want)
		}
	}
}
