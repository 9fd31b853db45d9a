package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

var (
	persistKeys   = flag.Int("persist-keys", 1000000, "keys in the persist section's dataset")
	persistRounds = flag.Int("persist-rounds", 3, "interleaved rounds of SAVE and start-up load per server; the median counts")
)

func init() {
	register(section{
		name: "persist",
		doc:  "SAVE and start-up load of the same mixed dataset on redwasm-server and redis-server; ratio = redwasm time / redis time",
		run:  runPersist,
	})
}

// persistServer is one server of the comparison, started over its own
// directory.
type persistServer struct {
	name string
	bin  string
	dir  string
	args []string
	cmd  *exec.Cmd
	port int
}

func (s *persistServer) start() (time.Duration, error) {
	port, err := redistest.FreePort()
	if err != nil {
		return 0, err
	}
	s.port = port
	args := append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "no"}, s.args...)
	s.cmd = exec.Command(s.bin, args...)
	log, err := os.OpenFile(filepath.Join(s.dir, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	defer log.Close()
	s.cmd.Stdout, s.cmd.Stderr = log, log
	begin := time.Now()
	if err := s.cmd.Start(); err != nil {
		return 0, err
	}
	// Loaded once PING answers PONG: redis-server answers LOADING until
	// then, redwasm-server listens only once loaded.
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for time.Since(begin) < 10*time.Minute {
		if reply, err := oneCommand(addr, "PING"); err == nil && reply == "+PONG" {
			return time.Since(begin), nil
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("%s did not start", s.name)
}

func (s *persistServer) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}

func (s *persistServer) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// oneCommand sends one command on a new connection and returns the first
// line of the reply.
func oneCommand(addr string, args ...string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	if _, err := c.Write(resp.AppendCommand(nil, argv...)); err != nil {
		return "", err
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Minute))
	line, err := bufio.NewReader(c).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}

// infoField returns one field of INFO persistence.
func infoField(addr, field string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.Write(resp.AppendCommand(nil, []byte("INFO"), []byte("persistence")))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	r.ReadString('\n') // the bulk length
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		line = strings.TrimRight(line, "\r\n")
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return v, nil
		}
		if line == "" && r.Buffered() == 0 {
			return "", fmt.Errorf("no %s in INFO", field)
		}
	}
}

// persistDataset streams the commands that build the mixed dataset: a
// third short strings, a sixth integers, and the rest spread over long
// strings, small and large lists, hashes, sets and sorted sets, some with
// TTLs, in the encodings each size gets.
func persistDataset(n int, emit func(args ...string)) {
	num := strconv.Itoa
	for i := 0; i < n; i++ {
		k := "key:" + num(i)
		switch i % 12 {
		case 0, 1, 2, 3:
			emit("SET", k, "value-"+num(i*7919))
		case 4, 5:
			emit("SET", k, num(i*31))
		case 6:
			emit("SET", k, strings.Repeat("payload-"+num(i%100)+"-", 12), "EX", "1000000")
		case 7:
			emit("RPUSH", k, "a", num(i), "c", "element-"+num(i%1000), "e")
		case 8:
			emit("HSET", k, "name", "user"+num(i), "age", num(i%90), "city", "city-"+num(i%500))
		case 9:
			emit("SADD", k, num(i), num(i+1), num(i+2), num(i%7))
		case 10:
			emit("ZADD", k, "1", "a", "2.5", "b", num(i%1000), "c")
		case 11:
			if i%1200 == 11 { // a few large collections
				args := []string{"RPUSH", k}
				for j := 0; j < 1000; j++ {
					args = append(args, "big-"+num(j))
				}
				emit(args...)
			} else {
				emit("SADD", k, "m"+num(i), "n"+num(i))
			}
		}
	}
}

// fill loads the dataset through one pipelined connection.
func fill(addr string, n int) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	r := bufio.NewReaderSize(c, 1<<16)
	w := bufio.NewWriterSize(c, 1<<16)
	errc := make(chan error, 1)
	pending := make(chan int, 1<<16)
	go func() {
		for range pending {
			line, err := r.ReadString('\n')
			if err != nil {
				errc <- err
				return
			}
			if strings.HasPrefix(line, "-") {
				errc <- errors.New(strings.TrimSpace(line))
				return
			}
		}
		errc <- nil
	}()
	persistDataset(n, func(args ...string) {
		argv := make([][]byte, len(args))
		for i, a := range args {
			argv[i] = []byte(a)
		}
		w.Write(resp.AppendCommand(nil, argv...))
		pending <- 1
	})
	w.Flush()
	close(pending)
	return <-errc
}

func runPersist() error {
	redisBin, err := exec.LookPath("redis-server")
	if err != nil {
		return fmt.Errorf("redis-server not found: %v", err)
	}
	root, err := os.MkdirTemp("", "redwasm-bench-persist")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	mineBin := filepath.Join(root, "redwasm-server")
	build := exec.Command("go", "build", "-o", mineBin, "./tools/redwasm-server")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build redwasm-server: %v", err)
	}
	servers := []*persistServer{
		{name: "redis-server", bin: redisBin, dir: filepath.Join(root, "redis"), args: []string{"--daemonize", "no"}},
		{name: "redwasm-server", bin: mineBin, dir: filepath.Join(root, "redwasm")},
	}
	for _, s := range servers {
		if err := os.MkdirAll(s.dir, 0o755); err != nil {
			return err
		}
		if _, err := s.start(); err != nil {
			return err
		}
		begin := time.Now()
		if err := fill(s.addr(), *persistKeys); err != nil {
			s.stop()
			return fmt.Errorf("%s: filling: %v", s.name, err)
		}
		dbsize, _ := oneCommand(s.addr(), "DBSIZE")
		fmt.Printf("  %-15s filled %s keys in %.1fs\n", s.name, strings.TrimPrefix(dbsize, ":"), time.Since(begin).Seconds())
	}
	saves := map[string][]float64{}
	bgsaves := map[string][]float64{}
	loads := map[string][]float64{}
	sizes := map[string]int64{}
	for round := 0; round < *persistRounds; round++ {
		order := servers
		if round%2 == 1 {
			order = []*persistServer{servers[1], servers[0]}
		}
		for _, s := range order {
			begin := time.Now()
			reply, err := oneCommand(s.addr(), "SAVE")
			if err != nil || reply != "+OK" {
				return fmt.Errorf("%s: SAVE: %q %v", s.name, reply, err)
			}
			saves[s.name] = append(saves[s.name], time.Since(begin).Seconds())
			if st, err := os.Stat(filepath.Join(s.dir, "dump.rdb")); err == nil {
				sizes[s.name] = st.Size()
			}
			// BGSAVE answers once the snapshot is taken (a fork, or
			// the engine's copy): the time clients wait for it.
			begin = time.Now()
			if reply, err := oneCommand(s.addr(), "BGSAVE"); err != nil || reply != "+Background saving started" {
				return fmt.Errorf("%s: BGSAVE: %q %v", s.name, reply, err)
			}
			bgsaves[s.name] = append(bgsaves[s.name], time.Since(begin).Seconds())
			for {
				info, _ := infoField(s.addr(), "rdb_bgsave_in_progress")
				if info == "0" {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		for _, s := range order {
			s.stop()
			d, err := s.start()
			if err != nil {
				return err
			}
			loads[s.name] = append(loads[s.name], d.Seconds())
		}
	}
	for _, s := range servers {
		if reply, _ := oneCommand(s.addr(), "DBSIZE"); reply != ":"+strconv.Itoa(*persistKeys) {
			s.stop()
			return fmt.Errorf("%s reloaded %s keys, want %d", s.name, reply, *persistKeys)
		}
		s.stop()
	}
	fmt.Printf("%d mixed keys (median of %d rounds)\n", *persistKeys, *persistRounds)
	fmt.Printf("  %-22s %12s %12s %8s\n", "measure", "redis", "redwasm", "ratio")
	for _, m := range []struct {
		name string
		vals map[string][]float64
	}{{"SAVE (s)", saves}, {"BGSAVE blocking (s)", bgsaves}, {"start-up load (s)", loads}} {
		r, w := median(m.vals["redis-server"]), median(m.vals["redwasm-server"])
		fmt.Printf("  %-22s %12.3f %12.3f %8.2f\n", m.name, r, w, w/r)
	}
	fmt.Printf("  %-22s %12d %12d %8.2f\n", "dump.rdb bytes", sizes["redis-server"], sizes["redwasm-server"],
		float64(sizes["redwasm-server"])/float64(sizes["redis-server"]))
	return nil
}
