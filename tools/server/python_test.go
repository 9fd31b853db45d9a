package server

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

// python returns Debian's python3 with the redis module, or skips (fails
// under CI=true).
func python(t *testing.T) string {
	t.Helper()
	const bin = "/usr/bin/python3"
	if err := exec.Command(bin, "-c", "import redis").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3-redis is required under CI=true: %v", err)
		}
		t.Skipf("python3-redis unavailable: %v", err)
	}
	return bin
}

func portOf(t *testing.T, addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// TestPythonShop runs the shop example unchanged through python3-redis:
// hats stocked in a pipeline, then bought by several processes at once
// with WATCH/MULTI/EXEC. No hat is ever oversold.
func TestPythonShop(t *testing.T) {
	py := python(t)
	port := portOf(t, startServer(t, nil))
	items := []string{"56854717", "37236036"}
	out, err := exec.Command(py, append([]string{"testdata/shop.py", port, "stock"}, items...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("stock: %v\n%s", err, out)
	}
	const buyers = 6
	for _, item := range items {
		var wg sync.WaitGroup
		counts := make([]int, buyers)
		for i := 0; i < buyers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				out, err := exec.Command(py, "testdata/shop.py", port, "buy", "hat:"+item).CombinedOutput()
				if err != nil {
					t.Errorf("buyer %d: %v\n%s", i, err, out)
					return
				}
				counts[i], _ = strconv.Atoi(strings.TrimSpace(string(out)))
			}(i)
		}
		wg.Wait()
		total := 0
		for _, n := range counts {
			total += n
		}
		conn, err := redistest.Dial("127.0.0.1:" + port)
		if err != nil {
			t.Fatal(err)
		}
		conn.Send([]byte("HMGET hat:" + item + " quantity npurchased\r\n"))
		reply, err := conn.Read(redistest.ReplyTimeout)
		conn.Close()
		if err != nil {
			t.Fatal(err)
		}
		if want := "*2\r\n$1\r\n0\r\n$3\r\n100\r\n"; string(reply) != want || total != 100 {
			t.Errorf("hat:%s: buyers bought %d (%v), HMGET says %q", item, total, counts, reply)
		}
	}
}

// TestPythonChat runs the chat example: a listener using the pubsub
// object's listen() and get_message(), two speakers publishing at once.
// Every line arrives, each speaker's in order.
func TestPythonChat(t *testing.T) {
	py := python(t)
	port := portOf(t, startServer(t, nil))
	const perSpeaker = 200
	listener := exec.Command(py, "testdata/chat.py", port, "listen", "room", strconv.Itoa(2*perSpeaker))
	stdout, err := listener.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	listener.Stderr = os.Stderr
	if err := listener.Start(); err != nil {
		t.Fatal(err)
	}
	defer listener.Process.Kill()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || lines.Text() != "ready" {
		t.Fatalf("listener did not get ready: %q", lines.Text())
	}
	var wg sync.WaitGroup
	for _, who := range []string{"ann", "bob"} {
		wg.Add(1)
		go func(who string) {
			defer wg.Done()
			if out, err := exec.Command(py, "testdata/chat.py", port, "say", "room", who, strconv.Itoa(perSpeaker)).CombinedOutput(); err != nil {
				t.Errorf("%s: %v\n%s", who, err, out)
			}
		}(who)
	}
	wg.Wait()
	if out, err := exec.Command(py, "testdata/chat.py", port, "say", "room", "eve", "1").CombinedOutput(); err != nil {
		t.Fatalf("eve: %v\n%s", err, out)
	}
	next := map[string]int{}
	patterned := 0
	for lines.Scan() {
		f := strings.Fields(lines.Text())
		if f[0] == "pattern" {
			patterned++
			continue
		}
		who := strings.TrimSuffix(f[1], ":")
		if want := fmt.Sprintf("%s: line %d", who, next[who]); f[0] != "room" || strings.Join(f[1:], " ") != want {
			t.Fatalf("heard %q, want room %s", lines.Text(), want)
		}
		next[who]++
	}
	listener.Wait()
	// The last pattern message may come after listen() returned: get_message
	// takes it unprinted.
	if next["ann"] != perSpeaker || next["bob"] != perSpeaker || next["eve"] != 1 || patterned < 2*perSpeaker-1 {
		t.Errorf("heard %v and %d pattern messages", next, patterned)
	}
}
