package main

import (
	"bytes"
	"crypto/sha1"
	"encoding/csv"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
)

var (
	respRequests = flag.Int("resp-requests", 200000, "requests per redis-benchmark run")
	respRounds   = flag.Int("resp-rounds", 3, "interleaved rounds per server; the median counts")
	respTests    = flag.String("resp-tests", "SET,GET,INCR,MSET", "redis-benchmark -t tests")
	respScripts  = flag.Bool("resp-scripts", true, "also benchmark EVALSHA of evalshaScript")
)

// evalshaScript is the script of the EVALSHA benchmark: scripting's
// overhead around one command.
const evalshaScript = "return redis.call('INCR', KEYS[1])"

// evalshaTest names the EVALSHA benchmark in the results.
const evalshaTest = "EVALSHA (INCR)"

func init() {
	register(section{
		name: "resp",
		doc:  "redis-benchmark -c 50 against redwasm-server and redis-server, interleaved; ratio = redwasm/redis ops/s",
		run:  runResp,
	})
}

// benchTarget is a server under test.
type benchTarget struct {
	name string
	port int
	stop func()
}

func runResp() error {
	if _, err := exec.LookPath("redis-benchmark"); err != nil {
		return fmt.Errorf("redis-benchmark not found (apt-get install redis-tools): %v", err)
	}
	redis, err := startRedis()
	if err != nil {
		return err
	}
	defer redis.stop()
	mine, err := startRedwasm()
	if err != nil {
		return err
	}
	defer mine.stop()

	tests := strings.Split(*respTests, ",")
	sum := sha1.Sum([]byte(evalshaScript))
	sha := hex.EncodeToString(sum[:])
	if *respScripts {
		// The benchmark calls the script by SHA1: load it on both servers.
		for _, t := range []benchTarget{redis, mine} {
			if reply, err := oneCommand("127.0.0.1:"+strconv.Itoa(t.port), "SCRIPT", "LOAD", evalshaScript); err != nil || reply != "$40" {
				return fmt.Errorf("%s: SCRIPT LOAD: %q %v", t.name, reply, err)
			}
		}
	}
	for _, pipeline := range []int{1, 16} {
		rps := map[string]map[string][]float64{} // target -> test -> samples
		for round := 0; round < *respRounds; round++ {
			order := []benchTarget{redis, mine}
			if round%2 == 1 {
				order = []benchTarget{mine, redis}
			}
			for _, t := range order {
				res, err := redisBenchmark(t.port, pipeline, "-t", strings.Join(tests, ","))
				if err != nil {
					return fmt.Errorf("%s: %v", t.name, err)
				}
				if *respScripts {
					// A command line runs as one test, named after it.
					script, err := redisBenchmark(t.port, pipeline, "EVALSHA", sha, "1", "counter")
					if err != nil {
						return fmt.Errorf("%s: EVALSHA: %v", t.name, err)
					}
					for _, v := range script {
						res[evalshaTest] = v
					}
				}
				if rps[t.name] == nil {
					rps[t.name] = map[string][]float64{}
				}
				for test, v := range res {
					rps[t.name][test] = append(rps[t.name][test], v)
				}
			}
		}
		fmt.Printf("-P %d (median of %d rounds, %d requests each)\n", pipeline, *respRounds, *respRequests)
		fmt.Printf("  %-24s %14s %14s %8s\n", "test", "redis ops/s", "redwasm ops/s", "ratio")
		logSum, n := 0.0, 0
		var names []string
		for test := range rps[redis.name] {
			names = append(names, test)
		}
		sort.Strings(names)
		for _, test := range names {
			r, m := median(rps[redis.name][test]), median(rps[mine.name][test])
			ratio := m / r
			logSum += math.Log(ratio)
			n++
			fmt.Printf("  %-24s %14.0f %14.0f %8.2f\n", test, r, m, ratio)
		}
		fmt.Printf("  %-24s %14s %14s %8.2f\n", "geometric mean", "", "", math.Exp(logSum/float64(n)))
	}
	return nil
}

// redisBenchmark runs redis-benchmark once, with -t tests or a command
// line to run, and returns ops/s per test.
func redisBenchmark(port, pipeline int, what ...string) (map[string]float64, error) {
	args := []string{"-p", strconv.Itoa(port), "-c", "50", "-n", strconv.Itoa(*respRequests),
		"-P", strconv.Itoa(pipeline), "--csv"}
	args = append(args, what...)
	out, err := exec.Command("redis-benchmark", args...).Output()
	if err != nil {
		return nil, err
	}
	records, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("parse csv %q: %v", out, err)
	}
	res := map[string]float64{}
	for _, rec := range records[1:] {
		v, err := strconv.ParseFloat(rec[1], 64)
		if err != nil {
			return nil, err
		}
		res[rec[0]] = v
	}
	return res, nil
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func startRedis() (benchTarget, error) {
	srv, err := redistest.Start()
	if err != nil {
		return benchTarget{}, err
	}
	port, _ := strconv.Atoi(srv.Addr[strings.LastIndex(srv.Addr, ":")+1:])
	return benchTarget{name: "redis-server", port: port, stop: srv.Stop}, nil
}

// startRedwasm builds and starts redwasm-server on a free port.
func startRedwasm() (benchTarget, error) {
	dir, err := os.MkdirTemp("", "redwasm-bench")
	if err != nil {
		return benchTarget{}, err
	}
	bin := filepath.Join(dir, "redwasm-server")
	build := exec.Command("go", "build", "-o", bin, "./tools/redwasm-server")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return benchTarget{}, fmt.Errorf("build redwasm-server: %v", err)
	}
	port, err := redistest.FreePort()
	if err != nil {
		return benchTarget{}, err
	}
	// Like the redis-server it is compared with: no persistence.
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no", "--dir", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return benchTarget{}, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait(); os.RemoveAll(dir) }
	if err := redistest.WaitReady("127.0.0.1:"+strconv.Itoa(port), 10*time.Second); err != nil {
		stop()
		return benchTarget{}, err
	}
	return benchTarget{name: "redwasm-server", port: port, stop: stop}, nil
}
