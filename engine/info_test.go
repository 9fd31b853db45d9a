package engine

import (
	"strings"
	"testing"
)

func TestBytesToHuman(t *testing.T) {
	for _, tc := range []struct {
		n    uint64
		want string
	}{{0, "0B"}, {1023, "1023B"}, {1024, "1.00K"}, {1536, "1.50K"}, {1 << 20, "1.00M"},
		{5 << 30, "5.00G"}, {1 << 40, "1.00T"}, {1 << 50, "1.00P"}, {1 << 60, "1024.00P"}} {
		if got := bytesToHuman(tc.n); got != tc.want {
			t.Errorf("bytesToHuman(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestInfoSections(t *testing.T) {
	e := newTestEngine(t)
	headers := func(args ...string) string {
		var names [][]byte
		for _, a := range args {
			names = append(names, []byte(a))
		}
		var out []string
		for _, line := range strings.Split(e.info(names), "\r\n") {
			if strings.HasPrefix(line, "# ") {
				out = append(out, line[2:])
			}
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Server Clients Memory Persistence Stats Replication CPU Modules Errorstats Cluster Keyspace"},
		{[]string{"all"}, "Server Clients Memory Persistence Stats Replication CPU Modules Commandstats Errorstats Latencystats Cluster Keyspace"},
		{[]string{"everything"}, "Server Clients Memory Persistence Stats Replication CPU Modules Commandstats Errorstats Latencystats Cluster Keyspace"},
		{[]string{"KEYSPACE", "server"}, "Server Keyspace"},
		{[]string{"modules"}, "Modules"},
		{[]string{"nosuch"}, ""},
	} {
		if got := headers(tc.args...); got != tc.want {
			t.Errorf("INFO %v sections: %q, want %q", tc.args, got, tc.want)
		}
	}
}
