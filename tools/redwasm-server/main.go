// Command redwasm-server serves the redwasm engine over RESP, so that
// redis-cli, redis-benchmark and any Redis client can use it, like a small
// local Redis.
//
// Options follow redis-server: an optional configuration file, then
// "--name value" pairs, e.g.
//
//	redwasm-server --port 6380 --bind 127.0.0.1 --requirepass secret
//
// It binds 127.0.0.1 by default.
package main

import (
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/resp"
	"github.com/redwasm/redwasm/tools/server"
)

func main() {
	log.SetFlags(log.LstdFlags)
	opts, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "redwasm-server: %v\n", err)
		os.Exit(1)
	}
	if _, ok := opts["bind"]; !ok {
		opts["bind"] = "127.0.0.1"
	}
	if _, ok := opts["port"]; !ok {
		opts["port"] = "6379"
	}
	e, err := engine.New(engine.Options{Config: opts})
	if err != nil {
		fmt.Fprintf(os.Stderr, "redwasm-server: %v\n", err)
		os.Exit(1)
	}
	srv := server.New(e)
	for _, addr := range strings.Fields(opts["bind"]) {
		addr = strings.TrimPrefix(addr, "-") // redis's "-" prefix: optional address
		ln, err := net.Listen("tcp", net.JoinHostPort(addr, opts["port"]))
		if err != nil {
			fmt.Fprintf(os.Stderr, "redwasm-server: %v\n", err)
			os.Exit(1)
		}
		log.Printf("redwasm-server (Redis %s compatible) ready on %s", engine.RedisVersion, ln.Addr())
		go func() {
			if err := srv.Serve(ln); err != nil {
				log.Printf("serve %s: %v", ln.Addr(), err)
			}
		}()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	log.Printf("shutting down")
	srv.Close()
}

// parseArgs reads redis-server style arguments: an optional config file
// path first, then --name value [value ...] pairs. Later settings win.
func parseArgs(args []string) (map[string]string, error) {
	opts := map[string]string{}
	if len(args) > 0 && !strings.HasPrefix(args[0], "--") {
		if err := readConfigFile(args[0], opts); err != nil {
			return nil, err
		}
		args = args[1:]
	}
	for i := 0; i < len(args); {
		name, ok := strings.CutPrefix(args[i], "--")
		if !ok || name == "" {
			return nil, fmt.Errorf("bad option %q: options are --name value", args[i])
		}
		i++
		var values []string
		for i < len(args) && !strings.HasPrefix(args[i], "--") {
			values = append(values, args[i])
			i++
		}
		opts[strings.ToLower(name)] = strings.Join(values, " ")
	}
	return opts, nil
}

// readConfigFile reads a redis.conf style file: one "name value..." per
// line, '#' comments, values split and unquoted as Redis does.
func readConfigFile(path string, opts map[string]string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		words, ok := resp.SplitArgs([]byte(line))
		if !ok {
			return fmt.Errorf("%s:%d: unbalanced quotes", path, n+1)
		}
		var values []string
		for _, w := range words[1:] {
			values = append(values, string(w))
		}
		opts[strings.ToLower(string(words[0]))] = strings.Join(values, " ")
	}
	return nil
}
