package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// The crash test kills redwasm-server with SIGKILL at random moments while
// clients write, restarts it and checks what it reloaded:
//
//   - every write acknowledged before the kill is there (appendfsync
//     always; everysec may lose at most the last two seconds, and since
//     the log is written before replies a killed process loses nothing);
//   - nothing is torn: each writer's transactions (an RPUSH of i and an
//     INCRBY of i, in MULTI/EXEC) are all there or not at all, in order.
//
// Frequent AOF rewrites (a tiny auto-aof-rewrite-min-size) and background
// saves run meanwhile, so kills also land in their middle.

const crashWriters = 4

// crashWriter is one client's record of what it wrote.
type crashWriter struct {
	sent     int // transactions sent
	acked    int // transactions whose EXEC reply arrived
	ackTimes []time.Time
}

func crashCycles(t *testing.T, fsync string, cycles int) {
	dir := t.TempDir()
	args := []string{"--appendonly", "yes", "--appendfsync", fsync, "--save", "1 1",
		"--auto-aof-rewrite-min-size", "64kb", "--auto-aof-rewrite-percentage", "50", "--hz", "50"}
	writers := make([]crashWriter, crashWriters)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	var killedAt time.Time
	for cycle := 0; cycle < cycles; cycle++ {
		p := startRedwasm(t, dir, args...)
		checkRecovered(t, p, writers, fsync, killedAt, cycle)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				writeUntilKilled(p.addr, w, &writers[w])
			}()
		}
		time.Sleep(time.Duration(50+rnd.IntN(350)) * time.Millisecond)
		switch rnd.IntN(3) { // either may be refused while the other runs
		case 0:
			p.doErr("BGREWRITEAOF")
		case 1:
			p.doErr("BGSAVE")
		}
		time.Sleep(time.Duration(rnd.IntN(100)) * time.Millisecond)
		killedAt = time.Now()
		p.kill()
		wg.Wait()
	}
	p := startRedwasm(t, dir, args...)
	checkRecovered(t, p, writers, fsync, killedAt, cycles)
	total := 0
	for _, w := range writers {
		total += w.acked
	}
	log, _ := os.ReadFile(filepath.Join(dir, "redwasm-server.log"))
	t.Logf("appendfsync %s: %d kills, %d acknowledged transactions, all recovered; %d AOF rewrites and %d background saves started, %d torn logs repaired",
		fsync, cycles, total, strings.Count(string(log), "Background append only file rewriting started"),
		strings.Count(string(log), "Background saving started"), strings.Count(string(log), "aof-load-truncated is enabled"))
	p.kill()
}

// writeUntilKilled runs transactions for writer w until the server goes.
func writeUntilKilled(addr string, w int, rec *crashWriter) {
	conn, err := redistest.Dial(addr)
	if err != nil {
		return
	}
	defer conn.Close()
	list, sum := []byte("list:"+strconv.Itoa(w)), []byte("sum:"+strconv.Itoa(w))
	for {
		i := rec.sent + 1
		n := []byte(strconv.Itoa(i))
		var req []byte
		req = resp.AppendCommand(req, []byte("MULTI"))
		req = resp.AppendCommand(req, []byte("RPUSH"), list, n)
		req = resp.AppendCommand(req, []byte("INCRBY"), sum, n)
		req = resp.AppendCommand(req, []byte("EXEC"))
		rec.sent = i
		if conn.Send(req) != nil {
			return
		}
		for range 4 {
			if _, err := conn.Read(10 * time.Second); err != nil {
				return
			}
		}
		rec.acked = i
		rec.ackTimes = append(rec.ackTimes, time.Now())
	}
}

// checkRecovered compares what a restarted server holds with what the
// writers know they wrote, and resets their counts to it.
func checkRecovered(t *testing.T, p *proc, writers []crashWriter, fsync string, killedAt time.Time, cycle int) {
	t.Helper()
	for w := range writers {
		rec := &writers[w]
		items := p.do("LRANGE", "list:"+strconv.Itoa(w), "0", "-1").Elems
		n := len(items)
		for i, it := range items {
			if string(it.Str) != strconv.Itoa(i+1) {
				t.Fatalf("cycle %d, writer %d: element %d is %q: the list is torn", cycle, w, i, it.Str)
			}
		}
		sum := int64(0)
		if v := p.do("GET", "sum:"+strconv.Itoa(w)); !v.IsNull {
			sum, _ = strconv.ParseInt(string(v.Str), 10, 64)
		}
		if want := int64(n) * int64(n+1) / 2; sum != want {
			t.Fatalf("cycle %d, writer %d: sum %d for %d elements, want %d: a transaction is torn", cycle, w, sum, n, want)
		}
		if n > rec.sent {
			t.Fatalf("cycle %d, writer %d: %d transactions recovered, only %d sent", cycle, w, n, rec.sent)
		}
		if n < rec.acked {
			lost := rec.ackTimes[n:rec.acked]
			if fsync == "always" || killedAt.Sub(lost[0]) > 2*time.Second {
				t.Fatalf("cycle %d, writer %d: %d acknowledged transactions lost (appendfsync %s), the first acknowledged %v before the kill",
					cycle, w, rec.acked-n, fsync, killedAt.Sub(lost[0]))
			}
		}
		rec.sent, rec.acked = n, n
		rec.ackTimes = rec.ackTimes[:min(n, len(rec.ackTimes))]
		if len(rec.ackTimes) < n {
			rec.ackTimes = append(rec.ackTimes, make([]time.Time, n-len(rec.ackTimes))...)
		}
	}
}

func TestCrashAppendfsyncAlways(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a server many times")
	}
	crashCycles(t, "always", 16)
}

func TestCrashAppendfsyncEverysec(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a server many times")
	}
	crashCycles(t, "everysec", 10)
}

// TestCrashRDBOnly kills the server while background saves write
// dump.rdb: what loads afterwards is always a whole snapshot.
func TestCrashRDBOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a server many times")
	}
	dir := t.TempDir()
	args := []string{"--appendonly", "no", "--save", "1 1", "--hz", "50"}
	writers := make([]crashWriter, crashWriters)
	for cycle := 0; cycle < 6; cycle++ {
		p := startRedwasm(t, dir, args...)
		for w := range writers {
			// An RDB keeps what the last save held: counts restart there.
			items := p.do("LRANGE", "list:"+strconv.Itoa(w), "0", "-1").Elems
			writers[w] = crashWriter{sent: len(items), acked: len(items)}
		}
		checkRecovered(t, p, writers, "always", time.Now(), cycle)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				writeUntilKilled(p.addr, w, &writers[w])
			}()
		}
		time.Sleep(time.Duration(1100+cycle*150) * time.Millisecond)
		p.kill()
		wg.Wait()
	}
}
